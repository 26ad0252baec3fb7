using System.Collections.Immutable;

namespace MedPayIQ.Pricing;

/// <summary>
/// The price of one claim line, and why: the fee of its RVU row, every claim rule applied to it in order, the allowed
/// amount (rounded once, to the cent, half away from zero), how the allowed amount splits between Medicare and the
/// beneficiary, and the line's remittance adjustments. A view into its <see cref="ClaimPrice"/>: every amount was
/// computed when the claim was priced; reading allocates nothing except <see cref="Reason"/>, <see cref="Steps"/>,
/// <see cref="Warnings"/> and <see cref="Adjustments"/>, which are written when read. <c>default</c> is a line that
/// no release priced (<see cref="PriceOutcome.NoRelease"/>).
/// </summary>
public readonly struct LinePrice
{
    private static readonly LineState Unpriced = new() { Rows = PaymentCalculator.NoRow, Outcome = PriceOutcome.NoRelease, LimitingCharge = -1, DecidedBy = -1, Confidence = PriceConfidence.Low };
    private static readonly PricingContext[] NoContext = [default];

    private readonly ClaimPrice? _owner;
    private readonly int _index;

    internal LinePrice(ClaimPrice owner, int index)
    {
        _owner = owner;
        _index = index;
    }

    private ref readonly LineState S => ref _owner is null ? ref Unpriced : ref _owner.States[_index];

    internal ref readonly PricingContext Context => ref _owner is null ? ref NoContext[0] : ref _owner.Contexts[S.Context];

    /// <summary>The line number, 1 for the claim's first line.</summary>
    public int LineNumber => _index + 1;

    /// <summary>The line as billed.</summary>
    public ClaimLine Line => _owner is null ? default : _owner.ClaimLines[_index];

    /// <summary>
    /// The fee schedule price of the line's RVU row (the row of its 26, TC or 53 modifier) for one unit, before any claim
    /// rule: release, RVUs, GPCIs, conversion factor, OPPS cap. For anesthesia, the status J row.
    /// </summary>
    public ServicePrice Service
    {
        get
        {
            ref readonly var s = ref S;
            ref readonly var context = ref Context;
            if (s.HasFee)
            {
                decimal cap = s.HasCap ? OppsCapRule.Amount(context, s.Row, s.Setting) : 0m;
                return new ServicePrice(context.Release!, context.Match, s.Rows, s.RowIndex, context.Locality, context.Zip, context.ByZip, s.Setting, context.ConversionFactor, context.Period,
                    context.QpWithoutFactor, Uncapped, s.Fee, s.HasCap, cap, true, s.Fee, 0m, context.DateOfService, context.QpComputed);
            }

            return PaymentCalculator.Price(context, Line.Hcpcs, s.RowModifier, s.Setting, participating: true);
        }
    }

    /// <summary>What could be said about the line.</summary>
    public PriceOutcome Outcome => S.Outcome;

    /// <summary>
    /// The schedule that prices the line: the physician fee schedule, or for a code it does not pay, the Clinical
    /// Laboratory Fee Schedule, the DMEPOS fee schedule or the ASP drug payment limits (when loaded in the catalog).
    /// </summary>
    public PaymentSchedule Schedule => S.Schedule;

    /// <summary>The name of the CLFS, DMEPOS or ASP file that answered the line (<c>CLFS 2026 Q1</c>); <c>null</c> for the physician fee schedule.</summary>
    public string? ScheduleName => PartBScheduleRule.ScheduleOf(Context.PartB, Line.Hcpcs, Line.Modifiers, S.Schedule)?.Name;

    /// <summary>The provenance (file, SHA-256, notes) of the CLFS, DMEPOS or ASP file that answered the line; <c>null</c> for the physician fee schedule.</summary>
    public ReleaseProvenance? ScheduleProvenance => PartBScheduleRule.ScheduleOf(Context.PartB, Line.Hcpcs, Line.Modifiers, S.Schedule)?.Provenance;

    /// <summary>The release used, when one covers the date of service.</summary>
    public FeeScheduleRelease? Release => Context.Release;

    /// <summary>The status code of the line's RVU row, when the release has one.</summary>
    public StatusCode? Status => S.Row.Hcpcs.IsSome ? S.Row.Status : null;

    /// <summary>The fee schedule amount of one unit of the line's row, dollars; 0 unless the row was priced.</summary>
    public decimal FeeScheduleAmount => S.Fee;

    /// <summary>The amount Medicare allows for the line after every claim rule, rounded once; the lower of the charge and the fee when a charge is given.</summary>
    public decimal AllowedAmount => Money.Dollars(S.Allowed);

    /// <summary>For a non-participating provider: the most the provider may charge for the line (115% of the non-participating amount).</summary>
    public decimal? LimitingCharge => S.LimitingCharge >= 0 ? Money.Dollars(S.LimitingCharge) : null;

    /// <summary>The part of the allowed amount that goes to the beneficiary's Part B deductible (when the claim tracks it).</summary>
    public decimal Deductible => Money.Dollars(S.Deductible);

    /// <summary>The beneficiary's coinsurance: 20% of the allowed amount after the deductible.</summary>
    public decimal Coinsurance => Money.Dollars(S.Coinsurance);

    /// <summary>The sequestration taken off the Medicare payment (when the claim applies it).</summary>
    public decimal Sequestration => Money.Dollars(S.Sequestration);

    /// <summary>What Medicare pays for the line: allowed, less deductible, coinsurance and sequestration.</summary>
    public decimal MedicarePayment => Money.Dollars(S.Payment);

    /// <summary>What the beneficiary owes: deductible and coinsurance (the PR adjustments).</summary>
    public decimal PatientResponsibility => Money.Dollars(S.Deductible + S.Coinsurance);

    /// <summary>
    /// The charge the remittance starts from: the billed charge, or without one the fee schedule amount before the
    /// claim's reductions. <see cref="Charge"/> - the sum of <see cref="Adjustments"/> = <see cref="MedicarePayment"/>.
    /// </summary>
    public decimal Charge => Money.Dollars(LesserOfChargeRule.RemittanceCharge(this, out _));

    /// <summary>The HPSA bonus earned by the line (10% of the Medicare payment, professional component only); paid quarterly, apart from the line.</summary>
    public decimal HpsaBonus => Money.Dollars(S.HpsaBonus);

    /// <summary>The conversion factor used: the fee schedule's, or for anesthesia the locality's anesthesia conversion factor.</summary>
    public decimal ConversionFactor => IsAnesthesia && S.Outcome == PriceOutcome.Priced ? AnesthesiaConversionFactor() : Context.ConversionFactor;

    /// <summary>How far the line's price can be trusted.</summary>
    public PriceConfidence Confidence => S.Confidence;

    /// <summary>Why the confidence is what it is.</summary>
    public string ConfidenceReason
    {
        get
        {
            ref readonly var s = ref S;
            if (s.ConfidenceReason is { } reason)
            {
                return reason;
            }

            if (s.HasFee)
            {
                // What Service's reason is for a fee computed here (a priced row of the physician fee schedule), without
                // building the service's price to ask it: a batch reads this for every priced line.
                ref readonly var context = ref Context;
                return ServicePrice.Assess(s.Row, s.Setting, context.ByZip && context.Zip.PlusFourRequired, context.Match).Item2;
            }

            return Service.ConfidenceReason;
        }
    }

    /// <summary>A sentence for the user: what was paid, or why nothing was.</summary>
    public string Reason
    {
        get
        {
            ref readonly var s = ref S;
            if (s.DecidedBy >= 0)
            {
                ref readonly var decision = ref _owner!.Written.Items[s.DecidedBy];
                return decision.Rule.Reason(decision, this);
            }

            if (s.Schedule != PaymentSchedule.PhysicianFeeSchedule && s.Outcome == PriceOutcome.Priced)
            {
                return PartBScheduleRule.Sentence(this);
            }

            return IsAnesthesia && s.Outcome == PriceOutcome.Priced ? AnesthesiaRule.Sentence(Described, Release!) : Service.Reason;
        }
    }

    /// <summary>
    /// The steps applied, in the order of the rules (release, fee schedule amount, the claim rules, the rounding, the
    /// charge, cost sharing), each with its CMS source and, where it adjusts the charge, its remittance code. Written when read.
    /// </summary>
    public ImmutableArray<PricingStep> Steps
    {
        get
        {
            var steps = ImmutableArray.CreateBuilder<PricingStep>();
            ref readonly var context = ref Context;
            if (context.Release is { } release && S.Schedule == PaymentSchedule.PhysicianFeeSchedule)
            {
                steps.Add(ContextSteps.Release(release, context.Match, context.DateOfService));
                if (context.ByZip && context.LocationFailure is null && !IsAnesthesia)
                {
                    steps.Add(ContextSteps.Locality(context.Zip));
                }
            }

            if (_owner is null)
            {
                return steps.ToImmutable();
            }

            // The rules in order: the steps each wrote as adjustments (a line's are in rule order), and those written
            // from the line's results.
            int next = NextOf(0);
            decimal before = S.StartAmount;
            foreach (var rule in ClaimRules.Ordered)
            {
                rule.WriteSteps(this, steps);
                while (next < _owner.Written.Count && _owner.Written.Items[next].Rule.Order <= rule.Order)
                {
                    ref readonly var a = ref _owner.Written.Items[next];
                    steps.Add(Step(a, before));
                    before = a.After;
                    next = NextOf(next + 1);
                }
            }

            return steps.ToImmutable();
        }
    }

    /// <summary>
    /// The line's remittance adjustments, as an 835 would carry them (CAS group, reason, remark, amount), in the order of
    /// the rules: the billed charge less these is the Medicare payment. Written when read from the amounts computed.
    /// </summary>
    public ImmutableArray<RemittanceAdjustment> Adjustments
    {
        get
        {
            if (_owner is null)
            {
                return [];
            }

            var adjustments = ImmutableArray.CreateBuilder<RemittanceAdjustment>();
            decimal before = S.StartAmount;
            for (int i = 0; i < _owner.Written.Count; i++)
            {
                ref readonly var a = ref _owner.Written.Items[i];
                if (a.Line != _index)
                {
                    continue;
                }

                long cents = Remitted(a, before);
                before = a.After;
                if (cents != 0)
                {
                    adjustments.Add(new RemittanceAdjustment(a.Rule.Rule, a.Code, Money.Dollars(cents)));
                }
            }

            foreach (var rule in ClaimRules.Ordered)
            {
                long cents = rule.RemittanceCents(this);
                if (cents != 0)
                {
                    adjustments.Add(new RemittanceAdjustment(rule.Rule, rule.Remittance, Money.Dollars(cents)));
                }
            }

            return adjustments.ToImmutable();
        }
    }

    /// <summary>Things the biller should know (NA setting, documentation required, by report, unknown modifiers...). Written when read.</summary>
    public ImmutableArray<string> Warnings
    {
        get
        {
            var warnings = ImmutableArray.CreateBuilder<string>();
            if (Outcome == PriceOutcome.Priced && !IsAnesthesia && S.Schedule == PaymentSchedule.PhysicianFeeSchedule)
            {
                warnings.AddRange(Service.Warnings);
            }

            if (S.UnknownModifier && S.Schedule == PaymentSchedule.PhysicianFeeSchedule) // the other schedules' rows name their modifiers (QW, RR, NU, UE...)
            {
                foreach (var m in Line.Modifiers)
                {
                    if (PaymentModifiers.Of(m) == ModifierEffect.None)
                    {
                        warnings.Add($"Modifier {m} has no payment rule in MedPayIQ: it does not change the amount.");
                    }
                }
            }

            if (_owner is not null)
            {
                foreach (var rule in ClaimRules.Ordered)
                {
                    rule.AddWarnings(this, warnings);
                }
            }

            return warnings.ToImmutable();
        }
    }

    /// <summary>The claim's fields (location, provider, participation...) the line was priced with.</summary>
    internal Claim Claim => _owner!.Header;

    internal string? DecisionText => _owner?.DecisionTexts?[_index];

    /// <summary>The modifier that selected (or would have selected) the line's row: 26, TC, 53 or none.</summary>
    internal Modifier RowModifier => S.RowModifier;

    internal ref readonly RvuEntry Row => ref S.Row;

    internal PricingSetting Setting => S.Setting;

    internal ModifierEffect Effect => S.Effect;

    internal bool IsAnesthesia => S.Anesthesia;

    internal LineWarning Raised => S.Warnings;

    internal bool HasFee => S.HasFee;

    internal bool HasCap => S.HasCap;

    /// <summary>One unit's fee before the OPPS cap.</summary>
    internal decimal Uncapped => S.HasCap ? FeeScheduleAmountRule.Amount(Context, S.Row, S.Setting) : S.Fee;

    /// <summary>The exact amount after every claim rule, before the one rounding.</summary>
    internal decimal ExactAmount => S.Amount;

    /// <summary>The amount rounded once, before the charge.</summary>
    internal decimal RoundedAmount => Money.Dollars(Money.Cents(S.Amount));

    internal bool ChargeApplied => S.ChargeApplied;

    internal long AllowedCents => S.Allowed;

    /// <summary>What the line's own adjustments take of its charge on the remittance (cents).</summary>
    internal long RuleRemittanceCents
    {
        get
        {
            long taken = 0;
            if (_owner is null)
            {
                return 0;
            }

            decimal before = S.StartAmount;
            for (int i = 0; i < _owner.Written.Count; i++)
            {
                ref readonly var a = ref _owner.Written.Items[i];
                if (a.Line == _index)
                {
                    taken += Remitted(a, before);
                    before = a.After;
                }
            }

            return taken;
        }
    }

    internal long DeductibleCents => S.Deductible;

    internal long CoinsuranceCents => S.Coinsurance;

    internal int CoinsuranceThousandths => PartBScheduleRule.CoinsuranceThousandths(Context, Line.Hcpcs, S.Schedule);

    internal long SequestrationCents => S.Sequestration;

    /// <summary>What an adjustment of this line takes of its charge on the remittance (cents): as the lesser-of rule cut it for a billed line, else written from the step.</summary>
    private long Remitted(in Adjustment a, decimal before)
        => Line.BilledCharge >= 0m ? a.RemittanceCents : LesserOfChargeRule.Unbilled(a, before, S.Outcome);

    /// <summary>The index of the line's next adjustment from <paramref name="from"/> on (the count when none).</summary>
    private int NextOf(int from)
    {
        while (from < _owner!.Written.Count && _owner.Written.Items[from].Line != _index)
        {
            from++;
        }

        return from;
    }

    private decimal AnesthesiaConversionFactor()
    {
        for (int i = 0; i < _owner!.Written.Count; i++)
        {
            ref readonly var a = ref _owner.Written.Items[i];
            if (a.Line == _index && a.Rule.Rule == PricingRule.Anesthesia && !a.Decision)
            {
                return a.Factor;
            }
        }

        return 0m;
    }

    /// <summary>The code and its modifiers, as billed: 27447-80-50.</summary>
    internal string Described => Line.Modifiers.Count > 0 ? $"{Line.Hcpcs}-{Line.Modifiers.ToString().Replace(',', '-')}" : Line.Hcpcs.ToString();

    private PricingStep Step(in Adjustment a, decimal before)
    {
        var rule = a.Rule;
        long cents = Remitted(a, before);
        return new PricingStep(rule.Rule, rule.Name, rule.Detail(a, this), a.After, rule.SourceOf(a, this))
        {
            Factor = rule.FactorOf(a),
            AmountBefore = before,
            Remittance = a.Code.Reason is null || (cents == 0 && !a.Decision) ? null : a.Code,
            RemittanceAmount = Money.Dollars(cents),
        };
    }
}
