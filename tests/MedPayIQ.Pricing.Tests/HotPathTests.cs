namespace MedPayIQ.Pricing.Tests;

/// <summary>The lookup path allocates nothing (guarded by counting bytes, not by timing).</summary>
public class HotPathTests
{
    [Fact]
    public void Rvu_lookups_allocate_nothing()
    {
        var rvus = TestData.Rvu25D.Rvus;
        var code = HcpcsCode.Parse("77321");
        var tc = Modifier.TechnicalComponent;
        decimal sum = 0;
        for (int i = 0; i < 100; i++)
        {
            // warm up (tiering, static constructors)
            rvus.TryGet(code, tc, out var w);
            rvus.TryGet("77321", "TC", out w);
            sum += w.WorkRvu;
        }

        Assert.Equal(0, Allocated(() =>
        {
            for (int i = 0; i < 10_000; i++)
            {
                Assert.True(rvus.TryGet(code, tc, out var e));
                Assert.True(rvus.TryGet("77321".AsSpan(), "TC".AsSpan(), out var f));
                Assert.False(rvus.TryGet(HcpcsCode.Parse("ZZZZZ"), Modifier.None, out _));
                sum += e.NonFacilityPracticeExpenseRvu + f.MalpracticeRvu + rvus.GetRows(code).Length;
            }
        }));
        Assert.True(sum > 0);
    }

    [Fact]
    public void Pricing_a_service_allocates_nothing()
    {
        var calculator = new PaymentCalculator(PackagedFeeSchedules.Catalog);
        var requests = new[]
        {
            new ServiceRequest(HcpcsCode.Parse("77321"), Modifier.ProfessionalComponent, new DateOnly(2025, 11, 3), PricingLocation.Of(LocalityKey.Parse("01182/18")), PricingSetting.NonFacility),
            new ServiceRequest(HcpcsCode.Parse("70496"), Modifier.None, new DateOnly(2025, 11, 3), PricingLocation.OfZip("35203"), PricingSetting.Facility, Participation: Participation.NonParticipating),
            new ServiceRequest(HcpcsCode.Parse("99213"), Modifier.None, new DateOnly(2026, 8, 3), PricingLocation.National, PricingSetting.NonFacility, ApmStatus: ApmStatus.QualifyingParticipant),
            new ServiceRequest(HcpcsCode.Parse("0633T"), Modifier.TechnicalComponent, new DateOnly(2025, 11, 3), PricingLocation.National, PricingSetting.NonFacility),
        };
        decimal sum = 0;
        foreach (var r in requests)
        {
            sum += calculator.Price(r).AllowedAmount; // warm up
        }

        Assert.Equal(0, Allocated(() =>
        {
            for (int i = 0; i < 2_000; i++)
            {
                foreach (var r in requests)
                {
                    sum += calculator.Price(r).AllowedAmount;
                }
            }
        }));
        Assert.True(sum > 0);
    }

    [Fact]
    public void An_RVU_row_stays_compact()
    {
        // Every load touches count x row size of new memory; 19,090 rows x 60 bytes = 1.1 MB for RVU25D.
        Assert.True(System.Runtime.CompilerServices.Unsafe.SizeOf<RvuEntry>() <= 60, $"RvuEntry is {System.Runtime.CompilerServices.Unsafe.SizeOf<RvuEntry>()} bytes");
    }

    [Fact]
    public void A_service_price_stays_small_to_copy()
    {
        // Every price returns it by value: 288 bytes cost the one-service benchmark 10 % in copies (RVU row kept by
        // index, the OPPS cap and another schedule's route details sharing their bytes: 192).
        Assert.True(System.Runtime.CompilerServices.Unsafe.SizeOf<ServicePrice>() <= 192, $"ServicePrice is {System.Runtime.CompilerServices.Unsafe.SizeOf<ServicePrice>()} bytes");
    }

    [Fact]
    public void Locality_zip_and_release_lookups_allocate_nothing()
    {
        var release = TestData.Rvu25D;
        var catalog = PackagedFeeSchedules.Catalog;
        var key = LocalityKey.Create(1182, 18);
        var dos = new DateOnly(2025, 11, 3);
        for (int i = 0; i < 100; i++)
        {
            release.Localities.TryGet(key, out _);
            release.Zips.TryGet("90210", out _);
            catalog.Resolve(dos);
            release.OppsCaps.TryGet(HcpcsCode.Parse("70496"), Modifier.None, key, out _);
        }

        decimal sum = 0;
        Assert.Equal(0, Allocated(() =>
        {
            for (int i = 0; i < 10_000; i++)
            {
                Assert.True(release.Localities.TryGet(key, out var loc));
                Assert.True(release.Zips.TryGet("90210", out var zip));
                var resolved = catalog.Resolve(dos);
                Assert.True(release.OppsCaps.TryGet(HcpcsCode.Parse("70496"), Modifier.None, key, out var cap));
                sum += loc.WorkGpci + zip.Locality.Locality + cap.FacilityPrice + (resolved.Release is null ? 0 : 1);
            }
        }));
        Assert.True(sum > 0);
    }

    [Fact]
    public void Pricing_a_claim_allocates_only_its_result()
    {
        // The result of a 10-line claim: one state array, the adjustments of the ranked lines, the context, the object.
        var calculator = new PaymentCalculator(PackagedFeeSchedules.Catalog);
        var day = new DateOnly(2025, 11, 3);
        string[] codes = ["27447", "20552", "64483", "64484", "20610", "11042", "11045", "99213", "96372", "73562"];
        var claim = new Claim(codes.Select(c => new ClaimLine(day, HcpcsCode.Parse(c)))) { Location = PricingLocation.Of(LocalityKey.Parse("01182/18")) };
        decimal sum = 0;
        long bytes = Allocated(() =>
        {
            for (int i = 0; i < 100; i++)
            {
                sum += calculator.Price(claim).AllowedAmount;
            }
        });
        Assert.InRange(bytes / 100, 1, 2_400);
        Assert.True(sum > 0);
    }

    /// <summary>Bytes allocated by the second run of <paramref name="body"/> (the first runs the JIT's tiering and static constructors).</summary>
    internal static long Allocated(Action body)
    {
        body();
        long before = GC.GetAllocatedBytesForCurrentThread();
        body();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
