using System.Collections.Immutable;
using System.Globalization;
using MedPayIQ.Ncci;
using MedPayIQ.Pricing;

namespace MedPayIQ.X12;

/// <summary>
/// Compares remitted claims with what Medicare's rules say: each remitted claim is matched to the 837P claim it pays
/// (CLP01 = CLM01; lines by REF*6R, else position, else code) or, without one, rebuilt from the 835 itself (lower
/// confidence), adjudicated by the <see cref="ExpectedAdjudicator"/> (NCCI edits, then the payment calculator), and
/// each line's payment set beside the expected one, with the most likely cause of a variance: the payer's allowed
/// amount is re-priced under one change at a time (another locality, the other setting, conversion factor or
/// participation, without the multiple procedure rule, without the modifiers) until one gives it to the cent.
/// Thread-safe.
/// </summary>
public sealed class RemittanceComparer
{
    private readonly PaymentCalculator _calculator;
    private readonly ExpectedAdjudicator _adjudicator;
    private readonly RemittanceComparisonOptions _options;

    /// <summary>Creates a comparer.</summary>
    /// <param name="calculator">The payment calculator (its releases and conversion factors).</param>
    /// <param name="checker">The NCCI edits, or <c>null</c> to compare without edits.</param>
    /// <param name="options">How claims without an 837P are rebuilt (location, setting, provider).</param>
    public RemittanceComparer(PaymentCalculator calculator, NcciChecker? checker = null, RemittanceComparisonOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(calculator);
        _calculator = calculator;
        _adjudicator = new ExpectedAdjudicator(calculator, checker);
        _options = options ?? new RemittanceComparisonOptions();
    }

    /// <summary>Compares each claim of a remittance.</summary>
    /// <param name="remittance">The remittance read.</param>
    /// <param name="billed">The 837P claims by claim id (CLM01), or <c>null</c>: every claim is rebuilt from the 835.</param>
    public IEnumerable<RemittanceClaimComparison> Compare(Remittance remittance, IReadOnlyDictionary<string, ProfessionalClaim>? billed)
    {
        ArgumentNullException.ThrowIfNull(remittance);
        foreach (var claim in remittance.Claims)
        {
            yield return CompareClaim(remittance, claim, billed is not null && billed.TryGetValue(claim.ClaimId, out var b) ? b : null);
        }
    }

    /// <summary>Compares one remitted claim with the 837P claim it pays, or (<paramref name="billed"/> <c>null</c>) with the claim rebuilt from it.</summary>
    public RemittanceClaimComparison CompareClaim(Remittance remittance, RemittanceClaim claim, ProfessionalClaim? billed)
    {
        ArgumentNullException.ThrowIfNull(remittance);
        ArgumentNullException.ThrowIfNull(claim);
        var lines = ImmutableArray.CreateBuilder<RemittanceLineComparison>(claim.Lines.Length);
        if (claim.IsReversal)
        {
            foreach (var l in claim.Lines)
            {
                lines.Add(new RemittanceLineComparison
                {
                    Remitted = l,
                    Match = billed is null ? RemittanceMatch.Rebuilt : RemittanceMatch.Unmatched,
                    ExpectedPaid = l.Payment,
                    ExpectedAllowed = l.AllowedOrDerived,
                    Cause = VarianceCause.Reversal,
                    CauseText = "reverses an earlier payment (CLP02 22): not compared",
                });
            }

            return new RemittanceClaimComparison { Remittance = remittance, Remitted = claim, FromClaimFile = billed is not null, Lines = lines.MoveToImmutable(), ExpectedPaid = claim.Payment };
        }

        ExpectedClaim expected;
        int[] matched;
        RemittanceMatch[] how;
        if (billed is null)
        {
            expected = _adjudicator.Adjudicate(claim.ClaimId, Rebuild(claim));
            matched = [.. Enumerable.Range(0, claim.Lines.Length)];
            how = [.. Enumerable.Repeat(RemittanceMatch.Rebuilt, claim.Lines.Length)];
        }
        else
        {
            expected = _adjudicator.Adjudicate(billed);
            (matched, how) = MatchLines(claim, billed);
        }

        decimal expectedPaid = 0m;
        for (int i = 0; i < claim.Lines.Length; i++)
        {
            var line = claim.Lines[i];
            if (matched[i] < 0)
            {
                lines.Add(new RemittanceLineComparison
                {
                    Remitted = line,
                    Match = RemittanceMatch.Unmatched,
                    ExpectedPaid = 0m,
                    ExpectedAllowed = 0m,
                    Cause = VarianceCause.Unmatched,
                    CauseText = $"no line of {RemittanceTotals.CodeKey(line.Hcpcs, line.Modifiers)} on billed claim {claim.ClaimId}",
                });
                continue;
            }

            var e = expected.Lines[matched[i]];
            var (cause, text) = Explain(line, e, expected);
            expectedPaid += e.Payment;
            lines.Add(new RemittanceLineComparison
            {
                Remitted = line,
                Expected = e,
                Match = how[i],
                ExpectedPaid = e.Payment,
                ExpectedAllowed = e.Allowed,
                Cause = cause,
                CauseText = text,
            });
        }

        foreach (var a in claim.Adjustments)
        {
            expectedPaid -= a.Amount; // a claim-level adjustment the payer made is not a line's variance
        }

        return new RemittanceClaimComparison
        {
            Remittance = remittance,
            Remitted = claim,
            Expected = expected,
            FromClaimFile = billed is not null,
            Lines = lines.MoveToImmutable(),
            ExpectedPaid = expectedPaid,
        };
    }

    /// <summary>The claim an 835 says was billed: its lines' dates, codes, modifiers, units and charges, with the location and setting of the options.</summary>
    internal Claim Rebuild(RemittanceClaim claim)
    {
        var lines = ImmutableArray.CreateBuilder<ClaimLine>(claim.Lines.Length);
        foreach (var l in claim.Lines)
        {
            var date = l.DateOfService ?? claim.StatementFrom ?? claim.Received ?? default;
            int units = l.Units >= 1m && l.Units == decimal.Truncate(l.Units) ? (int)l.Units : 1;
            lines.Add(new ClaimLine(date, l.Hcpcs, l.Modifiers) { Units = units, BilledCharge = l.Charge });
        }

        return new Claim([])
        {
            Lines = lines.MoveToImmutable(),
            Location = _options.Location,
            PlaceOfService = claim.PlaceOfService ?? _options.PlaceOfService,
            Provider = _options.Provider,
            Participation = _options.Participation,
            ApmStatus = _options.ApmStatus,
            ApplySequestration = _options.ApplySequestration,
        };
    }

    /// <summary>For each remitted line, the index of the billed line it pays (-1: none), and how it was matched.</summary>
    private static (int[] Matched, RemittanceMatch[] How) MatchLines(RemittanceClaim claim, ProfessionalClaim billed)
    {
        int n = claim.Lines.Length;
        var matched = new int[n];
        var how = new RemittanceMatch[n];
        var taken = new bool[billed.ServiceLines.Length];
        Array.Fill(matched, -1);
        for (int i = 0; i < n; i++)
        {
            string control = claim.Lines[i].ControlNumber;
            if (control.Length == 0)
            {
                continue;
            }

            for (int j = 0; j < taken.Length; j++)
            {
                if (!taken[j] && billed.ServiceLines[j].ControlNumber == control)
                {
                    (matched[i], how[i], taken[j]) = (j, RemittanceMatch.ControlNumber, true);
                    break;
                }
            }
        }

        for (int i = 0; i < n; i++)
        {
            if (matched[i] < 0 && i < taken.Length && !taken[i] && billed.ServiceLines[i].Line.Hcpcs == claim.Lines[i].Hcpcs)
            {
                (matched[i], how[i], taken[i]) = (i, RemittanceMatch.Position, true);
            }
        }

        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < taken.Length && matched[i] < 0; j++)
            {
                if (!taken[j] && billed.ServiceLines[j].Line.Hcpcs == claim.Lines[i].Hcpcs)
                {
                    (matched[i], how[i], taken[j]) = (j, RemittanceMatch.Code, true);
                }
            }

            how[i] = matched[i] < 0 ? RemittanceMatch.Unmatched : how[i];
        }

        return (matched, how);
    }

    /// <summary>The most likely cause of a line's variance, in a word and in words.</summary>
    private (VarianceCause, string) Explain(RemittanceLine line, ExpectedLine expected, ExpectedClaim claim)
    {
        decimal allowed = line.AllowedOrDerived, expectedAllowed = expected.Allowed;
        if (allowed == expectedAllowed)
        {
            return line.Payment == expected.Payment ? (VarianceCause.None, "") : ExplainPayment(line, expected);
        }

        string payer = Codes(line.Adjustments), ours = Codes(expected.Adjustments);
        if (allowed == 0m && expectedAllowed > 0m)
        {
            return (VarianceCause.PayerDenied,
                Invariant($"denied by the payer ({payer}) where the payment rules and the NCCI edits in force allow {expectedAllowed:0.00}: an edit or policy MedPayIQ's checker does not apply, or a modifier the payer did not accept"));
        }

        if (expected.Denial is { } denial)
        {
            return (VarianceCause.ExpectedDenied,
                Invariant($"allowed {allowed:0.00} by the payer, while the NCCI {denial.Kind} edit denies it ({denial.DenialCode}): {denial.Edit}"));
        }

        if (expected.Price is { Outcome: not PriceOutcome.Priced } unpriced)
        {
            return (VarianceCause.NotPriced, Invariant($"allowed {allowed:0.00} by the payer; MedPayIQ does not price it ({unpriced.Outcome}: {unpriced.Reason})"));
        }

        if (expectedAllowed == 0m)
        {
            return (VarianceCause.ExpectedDenied, Invariant($"allowed {allowed:0.00} by the payer, while the payment rules allow nothing ({ours})"));
        }

        if (expected.Price is { } price && Alternative(price, claim, allowed) is { } found)
        {
            return found;
        }

        if (allowed == decimal.Round(expectedAllowed / 2m, 2, MidpointRounding.AwayFromZero))
        {
            return (VarianceCause.MultipleProcedureApplied,
                Invariant($"allowed {allowed:0.00}, half the expected {expectedAllowed:0.00}: a 50 % multiple procedure reduction the payer applied and the rules do not"));
        }

        decimal difference = allowed - expectedAllowed;
        return (VarianceCause.Other,
            Invariant($"allowed {allowed:0.00} where {expectedAllowed:0.00} is expected ({difference:+0.00;-0.00}, {difference * 100m / expectedAllowed:+0.0;-0.0} %): no locality, setting, conversion factor, participation, multiple procedure or modifier rule gives the payer's amount"));
    }

    /// <summary>The same allowed amount and another payment: the deductible, the coinsurance or the sequestration.</summary>
    private static (VarianceCause, string) ExplainPayment(RemittanceLine line, ExpectedLine expected)
    {
        foreach (var (group, reason, cause, what) in new[]
        {
            ("PR", "1", VarianceCause.Deductible, "deductible"),
            ("PR", "2", VarianceCause.Coinsurance, "coinsurance"),
            ("CO", "253", VarianceCause.Sequestration, "sequestration"),
        })
        {
            decimal theirs = Sum(line.Adjustments, group, reason), ours = Sum(expected.Adjustments, group, reason);
            if (theirs != ours)
            {
                string note = cause == VarianceCause.Deductible && ours == 0m ? " (the expected remittance takes the deductible as met unless told)" : "";
                return (cause, Invariant($"the same allowed amount {expected.Allowed:0.00}; {what} {group}-{reason} {theirs:0.00} where {ours:0.00} is expected{note}"));
            }
        }

        return (VarianceCause.Other, Invariant($"the same allowed amount {expected.Allowed:0.00}; paid {line.Payment:0.00} where {expected.Payment:0.00} is expected ({Codes(line.Adjustments)})"));
    }

    /// <summary>
    /// The first re-pricing of the claim the calculator priced (the claim less the lines an NCCI edit denied), under one
    /// change, that gives the payer's allowed amount for the line.
    /// </summary>
    private (VarianceCause, string)? Alternative(LinePrice price, ExpectedClaim expected, decimal allowed)
    {
        int index = price.LineNumber - 1;
        decimal ours = price.AllowedAmount;
        var claim = expected.Claim with { Lines = [.. expected.Lines.Where(l => l.Denial is null).Select(l => l.Line)] };
        decimal? Allowed(Claim c)
        {
            var p = _calculator.Price(c);
            return index < p.Lines.Length && p.Lines[index].Outcome == PriceOutcome.Priced ? p.Lines[index].AllowedAmount : null;
        }

        bool reduced = price.Adjustments.Any(a => a.Code.Reason == "59");
        if (reduced && _calculator.Price(claim with { Lines = [price.Line] }).Lines[0] is { Outcome: PriceOutcome.Priced } alone && alone.AllowedAmount == allowed)
        {
            return (VarianceCause.MultipleProcedureMissed,
                Invariant($"allowed {allowed:0.00}, the line's full amount, where the multiple procedure rule reduces it to {ours:0.00} (CO-59): the payer did not apply the reduction"));
        }

        var otherSetting = (claim.PlaceOfService?.Setting ?? claim.Setting) == PricingSetting.Facility ? PricingSetting.NonFacility : PricingSetting.Facility;
        var otherApm = claim.ApmStatus == ApmStatus.QualifyingParticipant ? ApmStatus.NotQualifying : ApmStatus.QualifyingParticipant;
        var otherParticipation = claim.Participation == Participation.Participating ? Participation.NonParticipating : Participation.Participating;
        var candidates = new (VarianceCause Cause, Func<Claim> Make, string What)[]
        {
            (VarianceCause.Setting, () => claim with { PlaceOfService = null, Setting = otherSetting, Lines = [.. claim.Lines.Select(l => l with { PlaceOfService = null })] },
                $"the {(otherSetting == PricingSetting.Facility ? "facility" : "non-facility")} amount: the payer priced the other setting"),
            (VarianceCause.ConversionFactor, () => claim with { ApmStatus = otherApm },
                $"the amount at the {(otherApm == ApmStatus.QualifyingParticipant ? "qualifying APM participant" : "non-qualifying")} conversion factor"),
            (VarianceCause.Participation, () => claim with { Participation = otherParticipation },
                $"the {(otherParticipation == Participation.NonParticipating ? "non-participating (95 %)" : "participating")} amount"),
            (VarianceCause.Modifier, () => claim with { Lines = claim.Lines.SetItem(index, claim.Lines[index] with { Modifiers = ModifierSet.Empty }) },
                $"the amount without modifier(s) {price.Line.Modifiers}: the payer did not apply their payment rule"),
        };
        foreach (var (cause, make, what) in candidates)
        {
            if ((cause != VarianceCause.Modifier || price.Line.Modifiers.Count > 0) && Allowed(make()) == allowed)
            {
                return (cause, Invariant($"allowed {allowed:0.00}, {what}, where {ours:0.00} is expected"));
            }
        }

        if (price.Release is { } release)
        {
            // Each locality's amount for the service alone (the calculator's allocation-free path), scaled by what the
            // claim's rules make of the line here: only a locality that comes within a cent per dollar is priced as a
            // claim, and only an exact amount counts.
            var line = claim.Lines[index];
            var setting = claim.PlaceOfService?.Setting ?? claim.Setting;
            var modifier = Modifier.None;
            foreach (var m in line.Modifiers)
            {
                if (m == Modifier26 || m == ModifierTC || m == Modifier53)
                {
                    modifier = m;
                    break;
                }
            }

            var service = new ServiceRequest(line.Hcpcs, modifier, line.DateOfService, claim.Location, setting, claim.Participation, claim.ApmStatus);
            if (_calculator.Price(service) is { Outcome: PriceOutcome.Priced, AllowedAmount: > 0m } here)
            {
                decimal ratio = ours / here.AllowedAmount;
                foreach (var locality in release.Localities.Rows)
                {
                    var where = PricingLocation.Of(locality.Key);
                    if (where.Equals(claim.Location)
                        || _calculator.Price(service with { Location = where }) is not { Outcome: PriceOutcome.Priced } there
                        || Math.Abs((there.AllowedAmount * ratio) - allowed) > 0.05m + (allowed / 100m))
                    {
                        continue;
                    }

                    if (Allowed(claim with { Location = where }) == allowed)
                    {
                        return (VarianceCause.Locality,
                            Invariant($"allowed {allowed:0.00}, the amount of locality {locality.Key} ({locality.Name}), where {ours:0.00} is expected ({claim.Location}): the payer priced another locality"));
                    }
                }
            }
        }

        return null;
    }

    private static readonly Modifier Modifier26 = Modifier.Parse("26"), ModifierTC = Modifier.Parse("TC"), Modifier53 = Modifier.Parse("53");

    private static decimal Sum(ImmutableArray<CasAdjustment> adjustments, string group, string reason)
        => adjustments.Where(a => a.Group == group && a.Reason == reason).Sum(a => a.Amount);

    private static string Codes(ImmutableArray<CasAdjustment> adjustments)
        => adjustments.IsEmpty ? "no adjustment" : string.Join(", ", adjustments.Select(a => $"{a.Group}-{a.Reason} {a.Amount.ToString("0.00", CultureInfo.InvariantCulture)}"));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
