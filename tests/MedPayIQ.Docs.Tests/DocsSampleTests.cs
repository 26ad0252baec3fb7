using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;
using MedPayIQ.Insights;
using MedPayIQ.Ncci;

namespace MedPayIQ.Docs.Tests;

/// <summary>
/// Every C# sample in docs/*.md is a region of this file (between "// sample: name" and "// end sample"), run by a
/// test here, or of another test project's *DocsSampleTests.cs (docs/hosting.md and docs/testing-billing-logic.md: the
/// MedPayIQ.Hosting tests); <see cref="Docs_show_the_samples_as_tested"/> checks that each page shows its samples character for character.
/// </summary>
[Collection(nameof(ConsoleTests))]
public sealed partial class DocsSampleTests : IDisposable
{
    private readonly StringWriter _console = new();
    private readonly TextWriter _original = Console.Out;

    public DocsSampleTests() => Console.SetOut(_console);

    public void Dispose() => Console.SetOut(_original);

    private string[] Printed() => _console.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public void FirstPrice()
    {
        // sample: first-price
        var calculator = new PaymentCalculator(PackagedFeeSchedules.Catalog);
        var price = calculator.Price(new ServiceRequest(
            HcpcsCode.Parse("77321"), Modifier.None, new DateOnly(2025, 1, 2), PricingLocation.National, PricingSetting.NonFacility));
        Console.WriteLine($"{price.Outcome}: {price.AllowedAmount} from {price.Release!.Id} ({price.Confidence})");
        foreach (var step in price.Steps)
        {
            Console.WriteLine($"  {step.Name}: {step.Amount} [{step.Source}]");
        }
        // end sample
        var printed = Printed();
        Assert.Equal("Priced: 92.51 from RVU25A (High)", printed[0]);
        Assert.StartsWith("  release: 0 [RVU25A, PPRRVU sha256 d6cdc8c6b81336e9a3b79e41d65feff1339fc563c3294397d73f1f9e994d019c]", printed[1], StringComparison.Ordinal);
        Assert.StartsWith("  fee schedule amount: 92.51 [CMS RVU file readme", printed[2], StringComparison.Ordinal);
        Assert.Equal(3, printed.Length);
    }

    [Fact]
    public void PartBClaim()
    {
        // sample: part-b-claim
        var calculator = new PaymentCalculator(PackagedFeeSchedules.Catalog); // RVUs, CLFS and DMEPOS files packaged
        var day = new DateOnly(2025, 5, 6);
        var claim = new Claim([
            new ClaimLine(day, HcpcsCode.Parse("99213")) { BilledCharge = 150m },
            new ClaimLine(day, HcpcsCode.Parse("80053")) { BilledCharge = 25m },
            new ClaimLine(day, HcpcsCode.Parse("E0601"), ModifierSet.Parse("RR")) { BilledCharge = 120m },
        ])
        {
            Location = PricingLocation.OfZip("94110"),
            BeneficiaryZip = "90704", // a rural ZIP code in California: DMEPOS pays the rural amount
        };
        foreach (var line in calculator.Price(claim).Lines)
        {
            Console.WriteLine($"{line.Line.Hcpcs} {line.Schedule}: allowed {line.AllowedAmount}, coinsurance {line.Coinsurance}, Medicare pays {line.MedicarePayment}");
        }
        // end sample
        var printed = Printed();
        Assert.Equal(3, printed.Length);
        Assert.StartsWith("99213 PhysicianFeeSchedule: allowed ", printed[0], StringComparison.Ordinal);
        Assert.Equal("80053 ClinicalLaboratory: allowed 10.56, coinsurance 0.00, Medicare pays 10.56", printed[1]);
        Assert.Equal("E0601 Dmepos: allowed 91.03, coinsurance 18.21, Medicare pays 72.82", printed[2]);
    }

    [Fact]
    public void FirstCheck()
    {
        // sample: first-check
        var checker = new NcciChecker(PackagedNcci.Catalog);   // CMS's 2026Q2 add-on code edits and practitioner MUEs; load CMS's PTP files with NcciLoader
        var day = new DateOnly(2026, 5, 4);
        var check = checker.Check([new ClaimLine(day, HcpcsCode.Parse("99292"))]);
        foreach (var finding in check.Findings)
        {
            Console.WriteLine($"{finding.Kind}: line {finding.DeniedLine} denied, {finding.DenialCode}");
            Console.WriteLine($"  {finding.Fix}");
        }
        // end sample
        var printed = Printed();
        Assert.Equal(2, printed.Length);
        Assert.Equal("AddOnWithoutPrimary: line 1 denied, CO-107", printed[0]);
        Assert.StartsWith("  Bill 99291 on the same date, or remove line 1. The one exception CMS makes: 99292 is paid without 99291", printed[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve()
    {
        // sample: resolve
        var catalog = PackagedFeeSchedules.Catalog;
        var october = catalog.Resolve(new DateOnly(2025, 10, 15));   // InForce: RVU25D
        var june = catalog.Resolve(new DateOnly(2025, 6, 2));        // LaterReleaseMissing: RVU25A (RVU25B and C are not packaged)
        var next = catalog.Resolve(new DateOnly(2027, 1, 4));        // None: no 2027 release; never priced with 2026's
        Console.WriteLine($"{october.Release!.Id} {october.Match}; {june.Release!.Id} {june.Match}; {next.Match}: {next.Reason}");
        // end sample
        Assert.StartsWith("RVU25D InForce; RVU25A LaterReleaseMissing; None: No fee schedule release loaded for 2027", Printed()[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_nearest()
    {
        // sample: resolve-nearest
        var julyOnly = FeeScheduleCatalog.Create([PackagedFeeSchedules.Get(ReleaseId.Parse("RVU26C"))]);
        var march = julyOnly.Resolve(new DateOnly(2026, 3, 2));                           // EarlierReleaseMissing: RVU26C
        var exact = julyOnly.Resolve(new DateOnly(2026, 3, 2), ReleaseSelection.Exact);   // None: RVU26A applies
        Console.WriteLine($"{march.Release!.Id} {march.Match}; {exact.Match}: {exact.Reason}");
        // end sample
        Assert.Equal("RVU26C EarlierReleaseMissing; None: RVU26A is the release in force on 2026-03-02 and is not loaded; exact release selection refuses RVU26C, the nearest loaded release of 2026.", Printed()[0]);
    }

    [Fact]
    public void Lookup()
    {
        // sample: lookup
        var release = PackagedFeeSchedules.Get(ReleaseId.Parse("RVU26C"));
        if (release.Rvus.TryGet(HcpcsCode.Parse("77321"), Modifier.None, out var global)
            && release.Localities.TryGet(LocalityKey.Parse("10112/00"), out var alabama))
        {
            Console.WriteLine($"77321 {global.Status}: work {global.WorkRvu}, non-facility PE {global.NonFacilityPracticeExpenseRvu}, MP {global.MalpracticeRvu}");
            Console.WriteLine($"facility NA: {global.FacilityNotApplicable}; PC/TC {global.PcTc}; global {global.GlobalPeriod}");
            Console.WriteLine($"{alabama.Name}: GPCIs {alabama.WorkGpci} / {alabama.PracticeExpenseGpci} / {alabama.MalpracticeGpci}; CF {release.ConversionFactor}");
        }
        // end sample
        Assert.Equal(
            ["77321 Active: work 0.93, non-facility PE 1.85, MP 0.05", "facility NA: True; PC/TC DiagnosticTest; global NotApplicable", "ALABAMA: GPCIs 1.000 / 0.875 / 0.566; CF 33.4009"],
            Printed());
    }

    [Fact]
    public void Zip()
    {
        // sample: zip
        var zips = PackagedFeeSchedules.Get(ReleaseId.Parse("RVU25D")).Zips;
        if (zips.TryGet("90210", out var beverlyHills))
        {
            Console.WriteLine($"{beverlyHills.State} {beverlyHills.Locality} {beverlyHills.Rural}");   // CA 01182/18 Urban
        }
        // end sample
        Assert.Equal(["CA 01182/18 Urban"], Printed());
    }

    [Fact]
    public void Cf()
    {
        // sample: cf
        ConversionFactorSchedule.Medicare.TryGet(new DateOnly(2026, 3, 1), out var cf2026);
        Console.WriteLine($"2026: {cf2026!.For(ApmStatus.NotQualifying)} non-QP, {cf2026.For(ApmStatus.QualifyingParticipant)} QP");
        // end sample
        Assert.Equal(["2026: 33.4009 non-QP, 33.5675 QP"], Printed());
    }

    [Fact]
    public void Load()
    {
        var downloads = Downloads();
        // sample: load
        var folder = FeeScheduleLoader.LoadDirectory(Path.Combine(downloads, "RVU25D"));     // the zip, extracted
        var zip = FeeScheduleLoader.LoadZipFile(Path.Combine(downloads, "RVU25D.zip"));     // as downloaded
        var named = FeeScheduleLoader.LoadFiles([Path.Combine(downloads, "RVU25D", "PPRRVU2025_Oct.csv")]);
        using var stream = File.OpenRead(Path.Combine(downloads, "RVU25D", "PPRRVU2025_Oct.csv"));
        var fromStream = FeeScheduleLoader.Load(
            [FeeScheduleFile.FromStream(FeeScheduleFileKind.RvuCsv, "PPRRVU2025_Oct.csv", stream)],
            new FeeScheduleLoadOptions { ReleaseId = ReleaseId.Parse("RVU25D") });
        Console.WriteLine($"{folder.Id} {zip.Id} {named.Id} {fromStream.Id}: {fromStream.Rvus.Count} rows each");
        // end sample
        Assert.Equal(["RVU25D RVU25D RVU25D RVU25D: 19090 rows each"], Printed());
    }

    [Fact]
    public void Error()
    {
        var downloads = Downloads();
        // sample: error
        try
        {
            FeeScheduleLoader.LoadFiles([Path.Combine(downloads, "broken", "PPRRVU2025_Oct.csv")]);
        }
        catch (FeeScheduleFormatException ex)
        {
            Console.WriteLine(ex.Message);
            // PPRRVU2025_Oct.csv line 12, column 6 (WORK RVU): found '0.9x'; expected a non-negative decimal number with at most 2 decimals
        }
        // end sample
        Assert.Equal(["PPRRVU2025_Oct.csv line 12, column 6 (WORK RVU): found '0.9x'; expected a non-negative decimal number with at most 2 decimals"], Printed());
    }

    [Fact]
    public void Update()
    {
        var downloads = Downloads();
        // sample: update
        var current = FeeScheduleCatalog.Create([PackagedFeeSchedules.Get(ReleaseId.Parse("RVU25A"))]);
        var updated = current.With(FeeScheduleLoader.LoadDirectory(Path.Combine(downloads, "RVU25D")));
        Console.WriteLine($"{current.Resolve(new DateOnly(2025, 11, 1)).Match} -> {updated.Resolve(new DateOnly(2025, 11, 1)).Match}");
        // end sample
        Assert.Equal(["LaterReleaseMissing -> InForce"], Printed());
    }

    [Fact]
    public void Deferred()
    {
        var downloads = Downloads();
        // sample: deferred
        var folders = new Dictionary<ReleaseId, string> { [ReleaseId.Parse("RVU25D")] = Path.Combine(downloads, "RVU25D") };
        var deferred = FeeScheduleCatalog.CreateDeferred(folders.Keys, id => FeeScheduleLoader.LoadDirectory(folders[id]));
        Console.WriteLine($"{string.Join(", ", deferred.ReleaseIds)}: {deferred.Resolve(new DateOnly(2025, 11, 1)).Match}");
        // end sample
        Assert.Equal(["RVU25D: InForce"], Printed());
    }

    [Fact]
    public void Provenance()
    {
        // sample: provenance
        foreach (var release in PackagedFeeSchedules.Catalog.Releases)
        {
            Console.WriteLine($"{release.Id}: {string.Join(", ", release.Provenance.Files.Select(f => f.Name))}");
            foreach (var note in release.Provenance.Notes)
            {
                Console.WriteLine($"  {note}");
            }
        }
        // end sample
        var printed = Printed();
        Assert.Equal("RVU25A: PPRRVU25_JAN1.excel-resaved.csv, GPCI2025.csv, 25LOCCO.csv, ANES2025.csv, OPPSCAP_Oct.csv, ZIP5_OCT2025.txt", printed[0]);
        Assert.Contains(printed, l => l.Contains("stands in for RVU25A's OPPSCAP", StringComparison.Ordinal));
    }

    [Fact]
    public void PaymentAmounts()
    {
        // sample: payment-amounts
        var release = PackagedFeeSchedules.Get(ReleaseId.Parse("RVU25D"));
        var rows = PaymentAmountFile.Rows(release, LocalityKey.Parse("01112/05")).Where(r => r.Hcpcs == HcpcsCode.Parse("76145"));
        PaymentAmountFile.Write(Console.Out, rows);
        // "2025","01112","05","76145","  ","0001339.81","0001339.81"," ","3","A","0","0000000.00","0000000.00","9","0000000.00","0000000.00"
        // end sample
        Assert.Equal(["\"2025\",\"01112\",\"05\",\"76145\",\"  \",\"0001339.81\",\"0001339.81\",\" \",\"3\",\"A\",\"0\",\"0000000.00\",\"0000000.00\",\"9\",\"0000000.00\",\"0000000.00\"\r"], Printed()); // CMS's CRLF line end
    }

    [Fact]
    public void PaymentAmountsQp()
    {
        // sample: payment-amounts-qp
        var rvu26a = PackagedFeeSchedules.Get(ReleaseId.Parse("RVU26A"));
        var qp = rvu26a.ForQualifyingApmParticipants();   // PPRRVU2026_Jan_QPP.csv, CF 33.5675
        var rows = PaymentAmountFile.Rows(qp, LocalityKey.Parse("01182/18")).Where(r => r.Hcpcs == HcpcsCode.Parse("99213"));
        PaymentAmountFile.Write(Console.Out, rows);
        // "2026","01182","18","99213","  ","0000105.41","0000060.54"," ","0","A","0","0000000.00","0000000.00","9","0000000.00","0000000.00"
        // end sample
        Assert.Equal(["\"2026\",\"01182\",\"18\",\"99213\",\"  \",\"0000105.41\",\"0000060.54\",\" \",\"0\",\"A\",\"0\",\"0000000.00\",\"0000000.00\",\"9\",\"0000000.00\",\"0000000.00\"\r"], Printed());
    }

    [Fact]
    public void PaymentAmountsWithPcfFlatVisitFee()
    {
        // sample: payment-amounts-pcf
        var pcf = PcfFlatVisitFee.Load(new StringReader("code,99213\namount,14512,50,39.88"), "pcf.txt");
        var release = PackagedFeeSchedules.Get(ReleaseId.Parse("RVU25A"));
        var rows = PaymentAmountFile.Rows(release, LocalityKey.Parse("14512/50"), pcf).Where(r => r.Hcpcs == HcpcsCode.Parse("99213"));
        PaymentAmountFile.Write(Console.Out, rows);
        // "2025","14512","50","99213","  ","0000087.09","0000062.03"," ","0","A","0","0000039.88","0000000.00","9","0000000.00","0000000.00"
        // end sample
        Assert.Equal(["\"2025\",\"14512\",\"50\",\"99213\",\"  \",\"0000087.09\",\"0000062.03\",\" \",\"0\",\"A\",\"0\",\"0000039.88\",\"0000000.00\",\"9\",\"0000000.00\",\"0000000.00\"\r"], Printed()); // CMS's PFVT25A line
    }

    [Fact]
    public void Price()
    {
        // sample: price
        var calculator = new PaymentCalculator(PackagedFeeSchedules.Catalog);
        var price = calculator.Price(new ServiceRequest(
            HcpcsCode.Parse("77321"), Modifier.None, new DateOnly(2025, 1, 15),
            PricingLocation.National, PlaceOfService.Parse("11").Setting, Participation: Participation.NonParticipating));
        Console.WriteLine($"{price.Outcome}: fee {price.FeeScheduleAmount}, allowed {price.AllowedAmount}, limiting charge {price.LimitingCharge} ({price.Confidence})");
        foreach (var step in price.Steps)
        {
            Console.WriteLine($"  {step.Name}: {step.Detail} -> {step.Amount} [{step.Source}]");
        }
        // end sample
        var printed = Printed();
        Assert.Equal("Priced: fee 92.51, allowed 87.88, limiting charge 101.07 (High)", printed[0]);
        Assert.StartsWith("  release: RVU25A is the release in force", printed[1], StringComparison.Ordinal);
        Assert.StartsWith("  fee schedule amount: (0.95 x 1 + 1.86 x 1 + 0.05 x 1) x 32.3465, non-facility, national, rounded once -> 92.51", printed[2], StringComparison.Ordinal);
        Assert.StartsWith("  non-participating: 95% of 92.51; limiting charge 92.51 x 1.0925 = 101.07 -> 87.88", printed[3], StringComparison.Ordinal);
    }

    [Fact]
    public void Claim()
    {
        // sample: claim
        var calculator = new PaymentCalculator(PackagedFeeSchedules.Catalog);
        var day = new DateOnly(2025, 11, 3);
        var claim = new Claim(
        [
            new ClaimLine(day, HcpcsCode.Parse("20610"), ModifierSet.Parse("59")),
            new ClaimLine(day, HcpcsCode.Parse("27447"), ModifierSet.Parse("RT")),
            new ClaimLine(day, HcpcsCode.Parse("99223"), ModifierSet.Parse("57")),
        ])
        {
            Location = PricingLocation.Of(LocalityKey.Parse("01182/18")),
            PlaceOfService = PlaceOfService.Parse("21"),
            DeductibleRemaining = 257m,
        };
        var priced = calculator.Price(claim);
        foreach (var line in priced.Lines)
        {
            Console.WriteLine($"{line.LineNumber} {line.Line.Hcpcs}: allowed {line.AllowedAmount}, Medicare {line.MedicarePayment} ({line.Confidence})");
        }

        Console.WriteLine($"claim: allowed {priced.AllowedAmount}, deductible {priced.Deductible}, coinsurance {priced.Coinsurance}, Medicare {priced.MedicarePayment}");
        foreach (var step in priced.Lines[0].Steps)
        {
            Console.WriteLine($"  {step.Name}: {step.AmountBefore} -> {step.Amount} [{step.Source}]");
        }
        // end sample
        var printed = Printed();
        Assert.Equal("1 20610: allowed 23.26, Medicare 18.61 (High)", printed[0]);
        Assert.Equal("2 27447: allowed 1340.36, Medicare 866.69 (High)", printed[1]);
        Assert.Equal("3 99223: allowed 177.90, Medicare 142.32 (High)", printed[2]);
        Assert.Equal("claim: allowed 1541.52, deductible 257.00, coinsurance 256.90, Medicare 1027.62", printed[3]);
        Assert.StartsWith("  release: 0 -> 0 [RVU25D, PPRRVU sha256 ", printed[4], StringComparison.Ordinal);
        Assert.StartsWith("  fee schedule amount: 0 -> 46.52 [", printed[5], StringComparison.Ordinal);
        Assert.StartsWith("  multiple procedures: 46.52 -> 23.260 [RVU readme, MULT PROC indicator 2", printed[6], StringComparison.Ordinal);
        Assert.StartsWith("  coinsurance: 23.26 -> 18.61 [42 CFR 410.152", printed[7], StringComparison.Ordinal);
    }

    [Fact]
    public void BatchPricer()
    {
        // sample: batch-pricer
        var calculator = new PaymentCalculator(PackagedFeeSchedules.Catalog);
        var pricer = new ClaimPricer(calculator); // one per thread: it refills one result, claim after claim
        var day = new DateOnly(2025, 11, 3);
        decimal total = 0m;
        foreach (string code in new[] { "99213", "27447", "20610" })
        {
            var claim = new Claim([new ClaimLine(day, HcpcsCode.Parse(code))]) { Location = PricingLocation.Of(LocalityKey.Parse("01182/18")) };
            var priced = pricer.Price(claim); // read it now: the next call reuses it
            total += priced.AllowedAmount;
            Console.WriteLine($"{code}: {priced.Lines[0].AllowedAmount} {priced.Lines[0].ConfidenceReason}");
        }

        Console.WriteLine($"total {total}");
        // end sample
        var printed = Printed();
        string[] codes = ["99213", "27447", "20610"];
        var alone = codes.Select(c => calculator.Price(new Claim([new ClaimLine(day, HcpcsCode.Parse(c))]) { Location = PricingLocation.Of(LocalityKey.Parse("01182/18")) })).ToArray();
        for (int i = 0; i < codes.Length; i++)
        {
            Assert.Equal($"{codes[i]}: {alone[i].Lines[0].AllowedAmount} {alone[i].Lines[0].ConfidenceReason}", printed[i]);
        }

        Assert.Equal("99213: 98.19 release in force, CMS formula", printed[0]);
        Assert.Equal($"total {alone.Sum(a => a.AllowedAmount)}", printed[3]);
    }

    [Fact]
    public void BatchPricerLines()
    {
        // sample: batch-pricer-lines
        var calculator = new PaymentCalculator(PackagedFeeSchedules.Catalog);
        var pricer = new ClaimPricer(calculator);
        var losAngeles = new Claim([]) { Location = PricingLocation.Of(LocalityKey.Parse("01182/18")) }; // fields only, shared
        var lines = new List<ClaimLine>(); // refilled for each claim read
        var day = new DateOnly(2025, 11, 3);
        foreach (string[] codes in new[] { new[] { "27447", "20610" }, new[] { "99213" } })
        {
            lines.Clear();
            lines.AddRange(codes.Select(code => new ClaimLine(day, HcpcsCode.Parse(code))));
            var priced = pricer.Price(losAngeles, CollectionsMarshal.AsSpan(lines)); // no Claim made for these lines
            Console.WriteLine($"{string.Join("+", codes)}: {priced.AllowedAmount}");
        }
        // end sample
        var printed = Printed();
        var kneeAndInjection = calculator.Price(new Claim([new ClaimLine(day, HcpcsCode.Parse("27447")), new ClaimLine(day, HcpcsCode.Parse("20610"))]) { Location = PricingLocation.Of(LocalityKey.Parse("01182/18")) });
        var visit = calculator.Price(new Claim([new ClaimLine(day, HcpcsCode.Parse("99213"))]) { Location = PricingLocation.Of(LocalityKey.Parse("01182/18")) });
        Assert.Equal($"27447+20610: {kneeAndInjection.AllowedAmount}", printed[0]);
        Assert.Equal($"99213: {visit.AllowedAmount}", printed[1]);
        Assert.Equal("99213: 98.19", printed[1]);
        Assert.True(kneeAndInjection.Lines[1].AllowedAmount < kneeAndInjection.Lines[1].FeeScheduleAmount); // ranked: the lines priced together
    }

    [Fact]
    public void NcciCheck()
    {
        // sample: ncci-check
        var tables = NcciLoader.Load(Path.Combine(AppContext.BaseDirectory, "data", "ccipra-v322r0-f1.excerpt.txt"));
        var checker = new NcciChecker(PackagedNcci.Catalog.With(tables));
        var day = new DateOnly(2023, 6, 1);
        var check = checker.Check(
        [
            new ClaimLine(day, HcpcsCode.Parse("0001A")),
            new ClaimLine(day, HcpcsCode.Parse("71046")),
            new ClaimLine(day, HcpcsCode.Parse("0591T")),
        ]);
        foreach (var finding in check.Findings)
        {
            Console.WriteLine($"{finding.Kind} lines {string.Join(",", finding.Lines)} denied {finding.DeniedLine} {finding.DenialCode}");
            Console.WriteLine($"  {finding.Fix}");
        }
        // end sample
        Assert.Equal(
        [
            "PtpColumn2Denied lines 1,3 denied 3 CO-97",
            "  If 0591T was a distinct service (another site, encounter or practitioner), append XS, XE, XP, XU, 59 or an anatomic modifier to line 3; otherwise remove line 3.",
        ], Printed());
    }

    [Fact]
    public void Insights()
    {
        // sample: insights
        var calculator = new PaymentCalculator(PackagedFeeSchedules.Catalog);
        var insights = new CodeInsights(calculator, PackagedNcci.Catalog);
        var report = insights.For(HcpcsCode.Parse("77321"), new InsightRequest(new DateOnly(2025, 3, 3)));
        foreach (var insight in report.Insights.Where(i => i.Kind is InsightKind.Components or InsightKind.SettingNotApplicable))
        {
            Console.WriteLine($"{insight.Kind} ({insight.Evidence[0].Dataset}): impact {insight.Impact}");
            foreach (var amount in insight.Amounts)
            {
                Console.WriteLine($"  {amount.Label}: {amount.Amount} (line {amount.LineNumber} of a {amount.Claim.Setting} claim)");
            }
        }
        // end sample
        Assert.Equal(
        [
            "Components (RVU25A): impact 48.84",
            "  global: 92.51 (line 1 of a NonFacility claim)",
            "  26: 48.84 (line 1 of a NonFacility claim)",
            "  TC: 43.67 (line 1 of a NonFacility claim)",
            "SettingNotApplicable (RVU25A): impact 48.84",
            "  26 facility: 48.84 (line 1 of a Facility claim)",
        ], Printed());
    }

    [Fact]
    public void Diff()
    {
        // sample: diff
        var diff = new ReleaseDiff(PackagedFeeSchedules.Catalog);
        var changes = diff.CompareReleases(ReleaseId.Parse("RVU25D"), ReleaseId.Parse("RVU26C"),
            new ReleaseDiffOptions { Codes = CodeRange.Parse("77321") });
        foreach (var row in changes.Rows.Take(1))
        {
            Console.WriteLine(row);
            foreach (var field in row.Fields)
            {
                Console.WriteLine($"  {field}");
            }

            foreach (var amount in row.Amounts)
            {
                Console.WriteLine($"  {amount} ({amount.Difference:+0.00})");
            }
        }
        // end sample
        Assert.Equal(
        [
            "77321 Changed",
            "  WORK RVU 0.95 -> 0.93",
            "  NON-FAC PE RVU 1.86 -> 1.85",
            "  FACILITY PE RVU 1.86 -> 1.85",
            "  national non-facility 92.51 -> 94.52 (+2.01)",
            "  national facility 92.51 -> 94.52 (+2.01)",
        ], Printed());
    }

    [Fact]
    public void Every_test_a_docs_page_names_exists()
    {
        // A page that says "proved by `Some_test_name`" must name a test that exists: test methods are
        // identifiers with underscores, test classes end in Tests, written in backticks on the pages.
        var root = ReadMeTests.RepositoryRoot();
        var sources = string.Join("\n", RepositoryFiles("tests", "*.cs").Select(File.ReadAllText));
        var files = RepositoryFiles(".", "*").Select(Path.GetFileNameWithoutExtension).ToHashSet(StringComparer.Ordinal);
        int named = 0;
        foreach (var page in Directory.GetFiles(Path.Combine(root, "docs"), "*.md"))
        {
            foreach (Match m in Regex.Matches(File.ReadAllText(page), @"`([A-Z][A-Za-z0-9]*_[A-Za-z0-9_]+)(\.\.\.)?`"))
            {
                string name = m.Groups[1].Value;
                bool prefix = m.Groups[2].Success;
                if (files.Contains(name))
                {
                    continue; // a CMS file name such as PPRRVU2025_Oct, not a test
                }

                Assert.True(Regex.IsMatch(sources, $@"\b(void|bool|Task|Property)\s+{Regex.Escape(name)}{(prefix ? "" : @"\s*[(<]")}"),
                    $"{Path.GetFileName(page)} names the test `{name}`, which no test project has");
                named++;
            }

            // Test classes are named too ("`BilateralRuleTests`"): each must be a class of a test project.
            foreach (Match m in Regex.Matches(File.ReadAllText(page), @"`([A-Z][A-Za-z0-9]*Tests)`"))
            {
                Assert.True(Regex.IsMatch(sources, $@"\bclass\s+{Regex.Escape(m.Groups[1].Value)}\b"),
                    $"{Path.GetFileName(page)} names the test class `{m.Groups[1].Value}`, which no test project has");
                named++;
            }
        }

        Assert.True(named > 50, $"only {named} test names found on the pages");
    }

    [Fact]
    public void Docs_show_the_samples_as_tested()
    {
        var regions = SampleFiles().SelectMany(f => Regions(File.ReadAllLines(f))).ToDictionary(r => r.Key, r => r.Value);
        var docs = Path.Combine(ReadMeTests.RepositoryRoot(), "docs");
        int shown = 0;
        foreach (var page in Directory.GetFiles(docs, "*.md"))
        {
            var text = File.ReadAllText(page).Replace("\r\n", "\n", StringComparison.Ordinal);
            foreach (Match m in SamplePattern().Matches(text))
            {
                string name = m.Groups[1].Value;
                Assert.True(regions.ContainsKey(name), $"{Path.GetFileName(page)} shows sample '{name}', which no test runs");
                Assert.Equal(regions[name], m.Groups[2].Value.TrimEnd());
                shown++;
            }

            var untested = Regex.Count(text, "```csharp") - SamplePattern().Count(text);
            Assert.True(untested == 0, $"{Path.GetFileName(page)} has {untested} C# block(s) without a '<!-- sample: name -->' marker");
        }

        Assert.Equal(regions.Count, shown);
    }

    [GeneratedRegex("<!-- sample: ([a-z-]+) -->\n```csharp\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex SamplePattern();

    /// <summary>The code between each "// sample: name" and "// end sample" line of a source file, de-indented.</summary>
    internal static Dictionary<string, string> Regions(string[] lines)
    {
        var regions = new Dictionary<string, string>();
        for (int i = 0; i < lines.Length; i++)
        {
            var t = lines[i].Trim();
            if (!t.StartsWith("// sample: ", StringComparison.Ordinal))
            {
                continue;
            }

            int end = Array.FindIndex(lines, i, l => l.Trim() == "// end sample");
            var body = lines[(i + 1)..end];
            int indent = body.Where(l => l.Trim().Length > 0).Min(l => l.Length - l.TrimStart().Length);
            regions[t["// sample: ".Length..]] = string.Join('\n', body.Select(l => l.Length >= indent ? l[indent..] : l.TrimStart())).TrimEnd();
        }

        return regions;
    }

    /// <summary>The files that hold the samples' regions: this file and the other *DocsSampleTests.cs (hosting and testing pages).</summary>
    private static IEnumerable<string> SampleFiles() => RepositoryFiles("tests", "*DocsSampleTests.cs").Order(StringComparer.Ordinal);

    /// <summary>The repository's files below a folder, without build output (bin, obj) and git's own.</summary>
    private static IEnumerable<string> RepositoryFiles(string folder, string pattern)
        => Directory.GetFiles(Path.Combine(ReadMeTests.RepositoryRoot(), folder), pattern, SearchOption.AllDirectories)
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Intersect(["bin", "obj", ".git"]).Any());

    /// <summary>A downloads folder as a user has it: RVU25D extracted, RVU25D.zip, and a broken copy.</summary>
    private static string Downloads()
    {
        var root = Path.Combine(AppContext.BaseDirectory, "downloads");
        var rvu25d = Directory.CreateDirectory(Path.Combine(root, "RVU25D")).FullName;
        string[] files = ["RVU25D/PPRRVU2025_Oct.csv", "2025/GPCI2025.csv", "2025/25LOCCO.csv", "2025/ANES2025.csv", "2025/OPPSCAP_Oct.csv", "zip/ZIP5_OCT2025.txt"];
        var zipPath = Path.Combine(root, "RVU25D.zip");
        lock (typeof(DocsSampleTests))
        {
            foreach (var f in files)
            {
                var target = Path.Combine(rvu25d, Path.GetFileName(f));
                if (!File.Exists(target))
                {
                    File.WriteAllBytes(target, TestData.Packaged(f));
                }
            }

            if (!File.Exists(zipPath))
            {
                ZipFile.CreateFromDirectory(rvu25d, zipPath);
            }

            var broken = Directory.CreateDirectory(Path.Combine(root, "broken")).FullName;
            var lines = Encoding.ASCII.GetString(TestData.Packaged(files[0])).Split("\r\n");
            var fields = lines[11].Split(',');
            fields[5] = "0.9x";
            lines[11] = string.Join(',', fields);
            File.WriteAllText(Path.Combine(broken, "PPRRVU2025_Oct.csv"), string.Join("\r\n", lines));
        }

        return root;
    }
}

/// <summary>Tests that redirect Console.Out run one at a time.</summary>
[CollectionDefinition(nameof(ConsoleTests), DisableParallelization = true)]
public sealed class ConsoleTests;
