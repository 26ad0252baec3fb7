using System.Globalization;
using FsCheck.Xunit;
using MedPayIQ.X12;
using Microsoft.Extensions.Time.Testing;

namespace MedPayIQ.X12.Tests;

/// <summary>
/// The expected 835: each line's payment, allowed amount and adjustments are the payment calculator's for the same
/// claim (less the lines the NCCI checker denies), and the remittance balances at every level.
/// </summary>
public class RemittanceTests
{
    private static readonly PaymentCalculator Calculator = new(PackagedFeeSchedules.Catalog);
    private static readonly NcciChecker Checker = new(NcciCatalog.Create([PackagedNcci.AddOnEdits, PackagedNcci.PractitionerMue]));
    private static readonly Dictionary<HcpcsCode, int> BaseUnits = new() { [HcpcsCode.Parse("00100")] = 5 };

    private static List<ProfessionalClaim> Claims(string text)
    {
        var reader = new ProfessionalClaimReader(new StringReader(text), "test.837", new X12ReadOptions { AnesthesiaBaseUnits = BaseUnits });
        var claims = reader.ReadClaims().ToList();
        Assert.Empty(reader.Errors);
        return claims;
    }

    private static string Write(IEnumerable<IGrouping<string, ExpectedClaim>> byPayee, RemittanceOptions? options = null)
    {
        var text = new StringWriter();
        var writer = new RemittanceWriter(text, options ?? new RemittanceOptions { Time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 9, 5, 0, TimeSpan.Zero)) });
        foreach (var payee in byPayee)
        {
            writer.WriteTransaction(payee.First().Source?.BillingProvider ?? new X12Party { Name = payee.Key }, payee);
        }

        writer.Complete();
        return text.ToString();
    }

    [Fact]
    public void Every_line_is_the_calculators_answer_for_the_same_claim()
    {
        var adjudicator = new ExpectedAdjudicator(Calculator);
        var claims = Claims(File.ReadAllText(ReaderTests.PathOf("hillside-two-transactions.837")));
        var expected = claims.Select(adjudicator.Adjudicate).ToList();
        var remittance = Parsed835.Of(Write(expected.GroupBy(c => c.Source!.Envelope.Transaction)));
        var svcs = remittance.All("SVC").ToList();
        int s = 0;
        foreach (var claim in claims)
        {
            var priced = Calculator.Price(claim.Claim);
            Assert.Equal(claim.ServiceLines.Length, priced.Lines.Length);
            foreach (var line in priced.Lines)
            {
                var svc = svcs[s++];
                Assert.Equal(line.Charge, Parsed835.Amount(svc[2]));
                Assert.Equal(line.MedicarePayment, Parsed835.Amount(svc[3]));
                Assert.StartsWith($"HC:{line.Line.Hcpcs}", svc[1], StringComparison.Ordinal);
            }

            var clp = remittance.All("CLP").Single(c => c[1] == claim.ClaimId);
            Assert.Equal(priced.MedicarePayment, Parsed835.Amount(clp[4]));
            Assert.Equal(priced.Deductible + priced.Coinsurance, Parsed835.Amount(clp[5]));
        }

        Assert.Equal(svcs.Count, s);
        Assert.True(remittance.Balances(out string why), why);

        // The surgery claims: 50, 62 and 80 priced by their rules in the service facility's locality (New York).
        var surgery = expected[1];
        var assistant = expected[2].Lines[0];
        Assert.All(surgery.Lines, l => Assert.Equal(PriceOutcome.Priced, l.Price!.Value.Outcome));
        Assert.Equal(PriceOutcome.Priced, assistant.Price!.Value.Outcome);
        Assert.Contains(surgery.Lines[0].Adjustments, a => a.Group == "CO" && a.Reason == "45");
        Assert.Contains(surgery.Lines[1].Adjustments, a => a.Group == "CO" && a.Reason == "59"); // second procedure, 50 %
        Assert.True(assistant.Allowed < surgery.Lines[0].Allowed / 5m); // assistant at surgery: 16 % of one side, against 150 % for both sides
        Assert.Equal(["50", "62", "55", ""], surgery.Lines.Select(l => l.Line.Modifiers.ToString()));
        // Anesthesia minutes priced with the base units given; sequestration taken (CO-253).
        var anesthesia = expected[3].Lines[0];
        Assert.Equal(PriceOutcome.Priced, anesthesia.Price!.Value.Outcome);
        Assert.Contains(anesthesia.Adjustments, a => a.Reason == "253");
        Assert.Contains("SVC*HC:00100:QZ*900*", remittance.Text, StringComparison.Ordinal);
        Assert.Contains("*62~", remittance.All("SVC").Select(x => string.Join('*', x) + "~").Single(x => x.Contains("00100", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    [Fact]
    public void Lines_the_NCCI_edits_deny_are_adjusted_in_full_and_the_rest_priced_without_them()
    {
        // Claim A-1001 moved into the packaged MUE quarter: 99214 x 3 (units over its MUE) and 99292 without 99291 (add-on).
        var text = File.ReadAllText(ReaderTests.PathOf("hillside-two-transactions.837"))
            .Replace("SV1*HC:99214*180*UN*1*11**1:2", "SV1*HC:99214*180*UN*3*11**1:2", StringComparison.Ordinal)
            .Replace("SV1*HC:93000*120*UN*1***1", "SV1*HC:99292*120*UN*1***1", StringComparison.Ordinal)
            .Replace("DTP*472*D8*20260706", "DTP*472*D8*20260707", StringComparison.Ordinal);
        var claim = Claims(text)[0];
        var adjudicated = new ExpectedAdjudicator(Calculator, Checker).Adjudicate(claim);

        var check = Checker.Check(claim.Claim);
        var denied = check.Findings.Where(f => f.DenialCode is not null).SelectMany(f => f.DeniedLines).ToHashSet();
        Assert.Equal([1, 2], denied.Order());
        var priced = Calculator.Price(claim.Claim with { Lines = [.. claim.Claim.Lines.Where((_, i) => !denied.Contains(i + 1))] });
        Assert.Empty(priced.Lines);
        Assert.Equal(ExpectedClaimStatus.Denied, adjudicated.Status);
        Assert.Equal(0m, adjudicated.Payment);
        foreach (var line in adjudicated.Lines)
        {
            var finding = check.Findings.First(f => f.DenialCode is not null && f.DeniedLines.Contains(line.LineNumber));
            Assert.Equal(finding, line.Denial);
            var cas = Assert.Single(line.Adjustments);
            Assert.Equal(finding.DenialCode, $"{cas.Group}-{cas.Reason}{(cas.Remark is null ? "" : " " + cas.Remark)}");
            Assert.Equal(line.Charge, cas.Amount);
        }

        var remittance = Parsed835.Of(Write([.. new[] { adjudicated }.GroupBy(c => "x")]));
        Assert.True(remittance.Balances(out string why), why);
        Assert.Equal(["CLP", "A-1001", "4", "300", "0", "0", "MB", "A-1001", "11", "", "1"], remittance.All("CLP").Single());
        Assert.Contains(["CAS", "CO", "151", "180"], remittance.All("CAS"));
        Assert.Contains(["LQ", "HE", "N362"], remittance.All("LQ"));
        Assert.Contains(["CAS", "CO", "107", "120"], remittance.All("CAS"));
    }

    [Fact]
    public void A_denied_line_takes_no_rank_and_the_others_are_the_calculators()
    {
        // 99214 x 3 is denied (MUE); the 20610 and 11042 that stay are ranked between themselves only.
        var day = new DateOnly(2026, 7, 7);
        var claim = new Claim(
        [
            new ClaimLine(day, HcpcsCode.Parse("99214")) { Units = 3, BilledCharge = 300m },
            new ClaimLine(day, HcpcsCode.Parse("20610")) { BilledCharge = 250m },
            new ClaimLine(day, HcpcsCode.Parse("11042")) { BilledCharge = 400m },
        ]) { Location = PricingLocation.OfZip("10001"), ApplySequestration = true };
        var adjudicated = new ExpectedAdjudicator(Calculator, Checker).Adjudicate("X-1", claim);
        Assert.NotNull(adjudicated.Lines[0].Denial);
        var priced = Calculator.Price(claim with { Lines = claim.Lines[1..] });
        Assert.Equal(priced.Lines.Select(l => (l.MedicarePayment, l.AllowedAmount, l.Charge)), adjudicated.Lines.Skip(1).Select(l => (l.Payment, l.Allowed, l.Charge)));
        Assert.Equal(priced.Lines.Select(l => l.Adjustments.Select(a => (a.Code.GroupCode, a.Code.Reason, a.Amount, a.Code.Remark))),
            adjudicated.Lines.Skip(1).Select(l => l.Adjustments.Select(a => (a.Group, a.Reason, a.Amount, a.Remark))));
        Assert.Equal(ExpectedClaimStatus.Processed, adjudicated.Status);
        Assert.Equal(priced.MedicarePayment, adjudicated.Payment);
    }

    [Fact]
    public void Header_says_it_is_expected_and_counts_are_right()
    {
        var claims = Claims(File.ReadAllText(ReaderTests.PathOf("hillside-two-transactions.837")));
        var adjudicator = new ExpectedAdjudicator(Calculator, Checker);
        var text = Write(claims.Select(adjudicator.Adjudicate).GroupBy(c => c.Source!.Envelope.Transaction),
            new RemittanceOptions { InterchangeControlNumber = 42, Time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 9, 5, 0, TimeSpan.Zero)) });
        var remittance = Parsed835.Of(text);
        Assert.Equal(106, text.IndexOf('~', StringComparison.Ordinal) + 1);
        Assert.StartsWith("ISA*00*          *00*          *ZZ*MEDPAYIQ       *ZZ*PROVIDER       *261130*0905*^*00501*000000042*0*T*:~\nGS*HP*MEDPAYIQ*PROVIDER*20261130*0905*1*X*005010X221A1~\nST*835*0001~\nBPR*H*", text, StringComparison.Ordinal);
        Assert.Equal(["TRN", "1", "EXPECTED-42-0001", "1MEDPAYIQ0"], remittance.All("TRN").First());
        Assert.Equal(["N1", "PE", "HILLSIDE MEDICAL GROUP", "XX", "1234567893"], remittance.All("N1").ElementAt(1));
        Assert.Contains(["REF", "6R", "A1001-1"], remittance.All("REF"));
        Assert.Contains(["DTM", "150", "20251110"], remittance.All("DTM"));
        Assert.Contains(["DTM", "151", "20251130"], remittance.All("DTM"));
        Assert.Contains(["NM1", "QC", "1", "CHEN", "LI", "", "", "", "MI", "2EG4TE5MK73"], remittance.All("NM1"));
        Assert.EndsWith("GE*2*1~\nIEA*1*000000042~\n", text, StringComparison.Ordinal);
        Assert.True(remittance.Balances(out string why), why);
    }

    [Fact]
    public void Other_delimiters_are_written_and_read_back()
    {
        var claims = Claims(File.ReadAllText(ReaderTests.PathOf("hillside-two-transactions.837")));
        var adjudicator = new ExpectedAdjudicator(Calculator);
        var text = Write(claims.Select(adjudicator.Adjudicate).GroupBy(c => c.Source!.Envelope.Transaction),
            new RemittanceOptions { ElementSeparator = '|', ComponentSeparator = '>', RepetitionSeparator = '!', SegmentTerminator = '\n', LineBreaks = false });
        Assert.Equal('|', text[3]);
        Assert.Equal('\n', text[105]);
        Assert.Contains("SVC|HC>27447>50|6000|", text, StringComparison.Ordinal);
        Assert.True(Parsed835.Of(text).Balances(out string why), why);
    }

    [Property(MaxTest = 60)]
    public bool Claims_formatted_ahead_on_other_threads_write_the_same_bytes_as_claims_added_whole(int seed, bool otherDelimiters)
    {
        var random = new Random(seed);
        var adjudicator = new ExpectedAdjudicator(Calculator, Checker);
        var expected = Enumerable.Range(0, 1 + random.Next(6)).Select(i => adjudicator.Adjudicate($"F{seed}-{i}", RandomClaim(random))).ToList();
        var options = new RemittanceOptions { Time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 9, 5, 0, TimeSpan.Zero)) };
        if (otherDelimiters)
        {
            options = options with { ElementSeparator = '|', ComponentSeparator = '>', SegmentTerminator = '\n', LineBreaks = false };
        }

        var whole = Write(expected.GroupBy(c => c.ClaimId[..1]), options);
        var formatted = expected.AsParallel().AsOrdered().Select(c => RemittanceWriter.Format(c, options)).ToList();
        var text = new StringWriter();
        var writer = new RemittanceWriter(text, options);
        writer.BeginTransaction(new X12Party { Name = "F" });
        foreach (var claim in formatted)
        {
            writer.Add(claim);
        }

        writer.EndTransaction();
        writer.Complete();
        return text.ToString() == whole && writer.TotalPayment == expected.Sum(c => c.Payment)
            && formatted.Select(f => (f.ClaimId, f.Payment)).SequenceEqual(expected.Select(c => (c.ClaimId, c.Payment)));
    }

    [Fact]
    public void A_claim_formatted_with_other_delimiters_is_refused_by_the_writer()
    {
        var claim = new ExpectedAdjudicator(Calculator).Adjudicate("D1", RandomClaim(new Random(7)));
        var text = new StringWriter();
        var writer = new RemittanceWriter(text);
        writer.BeginTransaction(new X12Party { Name = "D" });
        var ex = Assert.Throws<ArgumentException>(() => writer.Add(RemittanceWriter.Format(claim, new RemittanceOptions { ElementSeparator = '|' })));
        Assert.Contains("claim D1", ex.Message, StringComparison.OrdinalIgnoreCase);
        writer.Add(RemittanceWriter.Format(claim)); // the default options' delimiters are the default writer's
        writer.EndTransaction();
        writer.Complete();
        var remittance = Parsed835.Of(text.ToString());
        Assert.Equal("D1", Assert.Single(remittance.All("CLP"))[1]);
        Assert.True(remittance.Balances(out string why), why);
    }

    [Property(MaxTest = 150)]
    public bool Remittance_balances_over_random_claims(int seed)
    {
        var random = new Random(seed);
        var claims = Enumerable.Range(0, 1 + random.Next(4)).Select(i => RandomClaim(random)).ToList();
        var adjudicator = new ExpectedAdjudicator(Calculator, Checker);
        var expected = claims.Select((c, i) => adjudicator.Adjudicate($"R{seed}-{i}", c)).ToList();
        var remittance = Parsed835.Of(Write(expected.GroupBy(c => c.ClaimId[..1])));
        if (!remittance.Balances(out _))
        {
            return false;
        }

        // Each line not denied is the calculator's line, for the claim without the denied lines.
        foreach (var e in expected)
        {
            var kept = e.Lines.Where(l => l.Denial is null).ToList();
            var priced = Calculator.Price(e.Claim with { Lines = [.. kept.Select(l => l.Line)] });
            if (!priced.Lines.Select(l => l.MedicarePayment).SequenceEqual(kept.Select(l => l.Payment)) || e.Payment != e.Lines.Sum(l => l.Payment))
            {
                return false;
            }
        }

        return true;
    }

    private static readonly string[] Codes = ["99213", "99214", "99291", "99292", "27447", "27130", "20610", "11042", "11045", "45380", "45385", "70450", "71046", "93000", "88305", "97110", "97140", "77321", "G0121", "36415", "J1100", "64483", "64484", "0001U"];
    private static readonly string[] Modifiers = ["", "", "", "26", "TC", "50", "51", "59", "25", "80", "62", "76", "XU"];

    internal static Claim RandomClaim(Random random)
    {
        var day = random.Next(3) == 0 ? new DateOnly(2026, 5, 1).AddDays(random.Next(150)) : new DateOnly(2025, 1, 2).AddDays(random.Next(360));
        var lines = Enumerable.Range(0, 1 + random.Next(6)).Select(_ =>
        {
            string m = Modifiers[random.Next(Modifiers.Length)];
            return new ClaimLine(day, HcpcsCode.Parse(Codes[random.Next(Codes.Length)]), m.Length == 0 ? default : ModifierSet.Parse(m))
            {
                Units = 1 + random.Next(random.Next(5) == 0 ? 12 : 2),
                BilledCharge = random.Next(4) == 0 ? null : random.Next(1, 3000) + (random.Next(100) / 100m),
            };
        });
        return new Claim(lines)
        {
            Location = random.Next(3) switch { 0 => PricingLocation.National, 1 => PricingLocation.OfZip("90210"), _ => PricingLocation.OfZip("10001") },
            PlaceOfService = random.Next(2) == 0 ? PlaceOfService.Parse("11") : PlaceOfService.Parse("22"),
            Participation = random.Next(5) != 0 ? Participation.Participating : Participation.NonParticipating,
            ApplySequestration = true,
            DeductibleRemaining = random.Next(4) == 0 ? random.Next(0, 300) : null,
        };
    }
}

/// <summary>An 835 split into segments with the delimiters of its ISA, and its balancing checks.</summary>
internal sealed class Parsed835
{
    private Parsed835(string text, List<string[]> segments)
    {
        Text = text;
        Segments = segments;
    }

    public string Text { get; }

    public List<string[]> Segments { get; }

    public static Parsed835 Of(string text)
    {
        char e = text[3], c = text[104], t = text[105];
        var segments = text.Split(t).Select(s => s.Trim('\r', '\n')).Where(s => s.Length > 0)
            .Select(s => s.Split(e).Select(x => x.Replace(c, ':')).ToArray()).ToList();
        return new Parsed835(text, segments);
    }

    public IEnumerable<string[]> All(string id) => Segments.Where(s => s[0] == id);

    public static decimal Amount(string text) => decimal.Parse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);

    private static decimal CasSum(string[] cas)
    {
        decimal sum = 0m;
        for (int i = 3; i < cas.Length; i += 3)
        {
            sum += Amount(cas[i]);
        }

        return sum;
    }

    /// <summary>SVC02 - CAS = SVC03; CLP03 - CAS of its lines = CLP04; CLP05 = its PR CAS; BPR02 = the sum of CLP04; SE01, GE01, IEA01 counts.</summary>
    public bool Balances(out string why)
    {
        string reason = "";
        decimal bpr = 0m, clpSum = 0m, claimCas = 0m, claimPr = 0m, svcSum = 0m;
        string[]? clp = null, svc = null;
        decimal lineCas = 0m;
        int inTransaction = 0, sets = 0;
        bool ok = true;
        void Fail(string message)
        {
            ok = false;
            reason = reason.Length == 0 ? message : reason;
        }

        void EndLine()
        {
            if (svc is not null && Amount(svc[2]) - lineCas != Amount(svc[3]))
            {
                Fail($"{string.Join('*', svc)}: charge - CAS {lineCas} is not the payment");
            }

            svc = null;
            lineCas = 0m;
        }

        void EndClaim()
        {
            EndLine();
            if (clp is not null && (Amount(clp[3]) - claimCas != Amount(clp[4]) || Amount(clp[5]) != claimPr || Amount(clp[4]) != svcSum))
            {
                Fail($"{string.Join('*', clp)}: CAS {claimCas}, PR {claimPr}, lines paid {svcSum}");
            }

            clp = null;
            claimCas = claimPr = svcSum = 0m;
        }

        foreach (var s in Segments)
        {
            inTransaction++;
            switch (s[0])
            {
                case "ST":
                    inTransaction = 1;
                    sets++;
                    break;
                case "BPR":
                    bpr = Amount(s[2]);
                    clpSum = 0m;
                    break;
                case "CLP":
                    EndClaim();
                    clp = s;
                    clpSum += Amount(s[4]);
                    break;
                case "SVC":
                    EndLine();
                    svc = s;
                    svcSum += Amount(s[3]);
                    break;
                case "CAS":
                    decimal sum = CasSum(s);
                    lineCas += sum;
                    claimCas += sum;
                    claimPr += s[1] == "PR" ? sum : 0m;
                    break;
                case "SE":
                    EndClaim();
                    if (int.Parse(s[1], CultureInfo.InvariantCulture) != inTransaction)
                    {
                        Fail($"SE01 {s[1]}, counted {inTransaction}");
                    }

                    if (bpr != clpSum)
                    {
                        Fail($"BPR02 {bpr}, the claims pay {clpSum}");
                    }

                    break;
                case "GE":
                    if (int.Parse(s[1], CultureInfo.InvariantCulture) != sets)
                    {
                        Fail($"GE01 {s[1]}, counted {sets}");
                    }

                    break;
            }
        }

        why = reason;
        return ok;
    }
}
