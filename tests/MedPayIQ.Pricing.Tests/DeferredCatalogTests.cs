using System.Collections.Concurrent;

namespace MedPayIQ.Pricing.Tests;

/// <summary>
/// A catalog of releases and schedule files loaded when first needed (<see cref="FeeScheduleCatalog.CreateDeferred"/>,
/// <see cref="FeeScheduleCatalog.WithDeferredSchedules"/>), as the packaged catalog is made: what loads when, and the
/// same prices as a catalog of loaded releases and files.
/// </summary>
public class DeferredCatalogTests
{
    private static readonly DateOnly Nov2025 = new(2025, 11, 3);
    private static readonly DateOnly May2026 = new(2026, 5, 4);

    /// <summary>A loader of the packaged releases that counts what it is asked for.</summary>
    private sealed class CountingLoader
    {
        public ConcurrentDictionary<ReleaseId, int> Loads { get; } = new();

        public FeeScheduleRelease Load(ReleaseId id)
        {
            Loads.AddOrUpdate(id, 1, (_, n) => n + 1);
            return PackagedFeeSchedules.Get(id);
        }

        public string Loaded => string.Join(",", Loads.OrderBy(p => p.Key).Select(p => $"{p.Key}x{p.Value}"));
    }

    private static ClaimLine Line(string code, DateOnly date, string? modifiers = null, decimal? charge = null)
        => new(date, HcpcsCode.Parse(code), modifiers is null ? ModifierSet.Empty : ModifierSet.Parse(modifiers)) { BilledCharge = charge };

    [Fact]
    public void A_date_loads_only_its_release_and_the_ids_are_known_without_a_load()
    {
        var loader = new CountingLoader();
        var catalog = FeeScheduleCatalog.CreateDeferred(PackagedFeeSchedules.ReleaseIds, loader.Load);
        Assert.Equal(PackagedFeeSchedules.ReleaseIds, catalog.ReleaseIds);
        Assert.Equal("", loader.Loaded);

        var resolved = catalog.Resolve(Nov2025);
        Assert.Equal(ReleaseMatch.InForce, resolved.Match);
        Assert.Equal("RVU25D", resolved.Release!.Id.ToString());
        Assert.Equal("RVU25Dx1", loader.Loaded);

        var priced = new PaymentCalculator(catalog).Price(new Claim([Line("99213", May2026)]) { Location = PricingLocation.OfZip("94110") });
        Assert.Equal(PriceOutcome.Priced, priced.Lines[0].Outcome);
        Assert.Equal("RVU26B", priced.Lines[0].Release!.Id.ToString());
        Assert.Equal("RVU25Dx1,RVU26Bx1", loader.Loaded);

        Assert.True(catalog.TryGetRelease(ReleaseId.Parse("RVU26C"), out var july));
        Assert.Same(PackagedFeeSchedules.Get(ReleaseId.Parse("RVU26C")), july);
        Assert.False(catalog.TryGetRelease(ReleaseId.Parse("RVU24A"), out _));
        Assert.Equal("RVU25Dx1,RVU26Bx1,RVU26Cx1", loader.Loaded);

        // Every release, each loaded once, in the order of a catalog of loaded releases.
        var eager = FeeScheduleCatalog.Create(PackagedFeeSchedules.ReleaseIds.Select(PackagedFeeSchedules.Get));
        Assert.Equal(eager.Releases, catalog.Releases);
        Assert.Equal(eager.Releases, catalog.Releases);
        Assert.Equal("RVU25Ax1,RVU25Dx1,RVU26Ax1,RVU26Bx1,RVU26Cx1", loader.Loaded);
    }

    [Fact]
    public void A_release_asked_for_by_many_threads_at_once_is_loaded_once()
    {
        var loader = new CountingLoader();
        var catalog = FeeScheduleCatalog.CreateDeferred(PackagedFeeSchedules.ReleaseIds, loader.Load);
        var calculator = new PaymentCalculator(catalog);
        var amounts = new ConcurrentBag<decimal>();
        Parallel.For(0, 16, new ParallelOptions { MaxDegreeOfParallelism = 8 }, _ =>
            amounts.Add(calculator.Price(new Claim([Line("99214", Nov2025)])).Lines[0].AllowedAmount));
        Assert.Equal("RVU25Dx1", loader.Loaded);
        Assert.Single(amounts.Distinct());
    }

    [Fact]
    public void A_release_loaded_under_another_id_or_date_is_a_precise_error_at_its_use_and_the_others_still_price()
    {
        var catalog = FeeScheduleCatalog.CreateDeferred(
            [ReleaseId.Parse("RVU25A"), ReleaseId.Parse("RVU25D")],
            id => PackagedFeeSchedules.Get(ReleaseId.Parse("RVU25D")));
        var error = Assert.Throws<InvalidOperationException>(() => catalog.Resolve(new DateOnly(2025, 2, 3)));
        Assert.Contains("The deferred release RVU25A (effective 2025-01-01) was loaded as RVU25D effective 2025-10-01", error.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => catalog.Resolve(new DateOnly(2025, 2, 3))); // again, not a half-made release
        Assert.Equal("RVU25D", catalog.Resolve(Nov2025).Release!.Id.ToString());
    }

    [Fact]
    public void A_loader_that_fails_fails_each_use_of_that_release_only()
    {
        int calls = 0;
        var catalog = FeeScheduleCatalog.CreateDeferred(PackagedFeeSchedules.ReleaseIds, id =>
        {
            if (id.Year == 2026)
            {
                Interlocked.Increment(ref calls);
                throw new FeeScheduleFormatException("PPRRVU2026.csv line 3, column 1: 'x' is not an HCPCS code.");
            }

            return PackagedFeeSchedules.Get(id);
        });
        Assert.Throws<FeeScheduleFormatException>(() => catalog.Resolve(May2026));
        Assert.Throws<FeeScheduleFormatException>(() => catalog.Resolve(May2026));
        Assert.Equal("RVU25D", catalog.Resolve(Nov2025).Release!.Id.ToString());
        Assert.Equal(1, calls); // Lazy keeps the exception: the file is not read again
    }

    [Fact]
    public void Two_ids_alike_are_refused_and_a_release_added_replaces_the_deferred_one_of_its_id()
    {
        var twice = Assert.Throws<ArgumentException>(() => FeeScheduleCatalog.CreateDeferred([ReleaseId.Parse("RVU25D"), ReleaseId.Parse("RVU25D")], PackagedFeeSchedules.Get));
        Assert.Contains("Release RVU25D is given twice.", twice.Message, StringComparison.Ordinal);

        var loader = new CountingLoader();
        var own = PackagedFeeSchedules.Load(ReleaseId.Parse("RVU25D")); // a copy of its own
        var catalog = FeeScheduleCatalog.CreateDeferred(PackagedFeeSchedules.ReleaseIds, loader.Load).With(own);
        Assert.Same(own, catalog.Resolve(Nov2025).Release);
        Assert.Equal(PackagedFeeSchedules.ReleaseIds, catalog.ReleaseIds);
        Assert.Equal("", loader.Loaded);
        Assert.Equal("RVU26A", catalog.Resolve(new DateOnly(2026, 1, 5)).Release!.Id.ToString());
        Assert.Equal("RVU26Ax1", loader.Loaded);
    }

    [Fact]
    public void Deferred_schedules_load_only_for_a_line_the_physician_fee_schedule_does_not_pay()
    {
        int loads = 0;
        var catalog = FeeScheduleCatalog.Create(PackagedFeeSchedules.ReleaseIds.Select(PackagedFeeSchedules.Get)).WithDeferredSchedules(() =>
        {
            Interlocked.Increment(ref loads);
            return PackagedSchedules();
        });
        var calculator = new PaymentCalculator(catalog);

        // Payable rows of the physician fee schedule: claims and single services.
        var office = calculator.Price(new Claim([Line("99213", May2026, charge: 150m), Line("71046", May2026, "26"), Line("20610", May2026, "50")]) { Location = PricingLocation.OfZip("94110") });
        Assert.All(office.Lines, l => Assert.Equal(PriceOutcome.Priced, l.Outcome));
        Assert.Equal(PriceOutcome.Priced, calculator.Price(new ServiceRequest(HcpcsCode.Parse("99214"), Modifier.None, Nov2025, PricingLocation.National, PricingSetting.NonFacility)).Outcome);
        Assert.Equal(0, loads);

        // A lab test is another schedule's: the files load, once.
        var lab = calculator.Price(new Claim([Line("80053", May2026, charge: 25m)])).Lines[0];
        Assert.Equal(PaymentSchedule.ClinicalLaboratory, lab.Schedule);
        Assert.Equal(10.56m, lab.AllowedAmount);
        Assert.Equal("CLFS 2026 Q2", lab.ScheduleName);
        Assert.Equal(1, loads);
        calculator.Price(new Claim([Line("80053", May2026)]));
        Assert.Equal(1, loads);
    }

    [Fact]
    public void A_context_made_before_the_schedules_loaded_still_routes_every_kind_after()
    {
        // The calculator remembers a date's context: made while the files were deferred, it resolves them when a line asks.
        var catalog = FeeScheduleCatalog.Create(PackagedFeeSchedules.ReleaseIds.Select(PackagedFeeSchedules.Get))
            .WithDeferredSchedules(PackagedSchedules);
        var deferred = new PaymentCalculator(catalog);
        var eager = new PaymentCalculator(Eager());
        var date = new DateOnly(2025, 5, 6);
        Claim Claim(params ClaimLine[] lines) => new(lines) { Location = PricingLocation.OfZip("94110"), BeneficiaryZip = "90704" };
        var claims = new[]
        {
            Claim(Line("99213", date, charge: 100m)),
            Claim(Line("99213", date), Line("E0601", date, "RR", charge: 120m), Line("80053", date, charge: 20m)),
            Claim(Line("E0601", date, "RR"), Line("B4150", date, "BA"), Line("E0601", date)),
            new Claim([Line("E0601", date, "RR")]) { Location = PricingLocation.OfZip("94110") }, // former CBA
        };
        foreach (var claim in claims)
        {
            var a = deferred.Price(claim);
            var b = eager.Price(claim);
            Assert.Equal(b.Lines.Select(Describe), a.Lines.Select(Describe));
        }

        static string Describe(LinePrice l)
            => $"{l.Schedule} {l.Outcome} {l.AllowedAmount} {l.MedicarePayment} {l.Coinsurance} {l.Confidence} {l.ScheduleName} | {l.Reason} | {string.Join(" / ", l.Steps.Select(s => s.Detail + " " + s.Source))}";
    }

    [Fact]
    public void A_file_added_after_a_deferred_group_replaces_its_file_of_that_quarter()
    {
        var mine = ClinicalLabLoader.Load(TestData.Path("PUF_CLFS_CY2026_Q2V1.txt"), null);
        var packaged = PackagedFeeSchedules.ClinicalLab.Single(s => s.Year == 2026 && s.Quarter == 2);
        var catalog = FeeScheduleCatalog.Empty.WithDeferredSchedules(() => PackagedFeeSchedules.ClinicalLab).With(mine);
        Assert.Same(mine, catalog.ClinicalLabSchedules.Single(s => s.Year == 2026 && s.Quarter == 2));
        Assert.NotSame(packaged, mine);
        Assert.Equal(3, catalog.ClinicalLabSchedules.Length);

        // Added before the group: the group's file of the quarter wins.
        var before = FeeScheduleCatalog.Empty.With(mine).WithDeferredSchedules(() => PackagedFeeSchedules.ClinicalLab);
        Assert.Same(packaged, before.ClinicalLabSchedules.Single(s => s.Year == 2026 && s.Quarter == 2));
    }

    [Fact]
    public void The_packaged_catalog_prices_as_a_catalog_of_loaded_releases_and_files()
    {
        var packaged = new PaymentCalculator(PackagedFeeSchedules.Catalog);
        var eager = new PaymentCalculator(Eager());
        var random = new Random(20261201);
        var codes = new[] { "99213", "99214-25", "71046-26", "71046-TC", "80053", "E0601-RR", "E0601", "J1100", "B4150-BA", "99213-26", "0340U", "A4253", "27447-50", "G0008", "36415" };
        var dates = new[] { new DateOnly(2025, 5, 6), Nov2025, new DateOnly(2026, 2, 2), May2026, new DateOnly(2026, 8, 3) };
        for (int i = 0; i < 60; i++)
        {
            var lines = Enumerable.Range(0, 1 + random.Next(6)).Select(_ =>
            {
                var parts = codes[random.Next(codes.Length)].Split('-');
                return Line(parts[0], dates[random.Next(dates.Length)], parts.Length > 1 ? parts[1] : null, charge: random.Next(3) == 0 ? null : 200m);
            }).ToArray();
            var claim = new Claim(lines) { Location = PricingLocation.OfZip(random.Next(2) == 0 ? "94110" : "05401"), BeneficiaryZip = random.Next(3) == 0 ? "90704" : null };
            var a = packaged.Price(claim);
            var b = eager.Price(claim);
            Assert.Equal(b.Lines.Select(l => (l.Schedule, l.Outcome, l.AllowedAmount, l.MedicarePayment, l.Reason, l.ScheduleName)), a.Lines.Select(l => (l.Schedule, l.Outcome, l.AllowedAmount, l.MedicarePayment, l.Reason, l.ScheduleName)));
        }
    }

    /// <summary>The packaged schedule files, in the order the packaged catalog adds them.</summary>
    private static QuarterlySchedule[] PackagedSchedules()
        => [.. PackagedFeeSchedules.DmeposFormerCba, .. PackagedFeeSchedules.ClinicalLab, .. PackagedFeeSchedules.Dmepos, .. PackagedFeeSchedules.DmeposNutrition, .. PackagedFeeSchedules.DmeposZipFiles];

    /// <summary>The packaged releases and files in a catalog of loaded ones, added as the packaged catalog orders them.</summary>
    private static FeeScheduleCatalog Eager()
        => PackagedSchedules().Aggregate(FeeScheduleCatalog.Create(PackagedFeeSchedules.ReleaseIds.Select(PackagedFeeSchedules.Get)), (c, s) => c.With(s));
}
