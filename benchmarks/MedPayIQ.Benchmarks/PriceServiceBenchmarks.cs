using BenchmarkDotNet.Attributes;
using MedPayIQ.Pricing;
using MedPayIQ.Pricing.Data;

namespace MedPayIQ.Benchmarks;

/// <summary>
/// Pricing one service (77321-26 in Los Angeles, October 2025). Baseline: the bare decimal formula on the
/// same RVUs and GPCIs (lookup, three products, one rounding), with no release choice, status or explanation.
/// </summary>
[MemoryDiagnoser]
public class PriceServiceBenchmarks
{
    private PaymentCalculator _calculator = null!;
    private ServiceRequest _request;
    private RvuTable _rvus = null!;
    private Locality _locality = null!;

    [GlobalSetup]
    public void Setup()
    {
        _calculator = new PaymentCalculator(PackagedFeeSchedules.Catalog);
        _request = new ServiceRequest(HcpcsCode.Parse("77321"), Modifier.ProfessionalComponent, new DateOnly(2025, 11, 3), PricingLocation.Of(LocalityKey.Parse("01182/18")), PricingSetting.NonFacility);
        var release = PackagedFeeSchedules.Get(ReleaseId.Parse("RVU25D"));
        _rvus = release.Rvus;
        release.Localities.TryGet(LocalityKey.Parse("01182/18"), out var l);
        _locality = l!;
    }

    [Benchmark(Baseline = true, Description = "bare formula (lookup + 3 products + rounding)")]
    public decimal Formula()
    {
        _rvus.TryGet(_request.Hcpcs, _request.Modifier, out var e);
        return Math.Round(((e.WorkRvu * _locality.WorkGpci) + (e.NonFacilityPracticeExpenseRvu * _locality.PracticeExpenseGpci) + (e.MalpracticeRvu * _locality.MalpracticeGpci)) * 32.3465m, 2, MidpointRounding.AwayFromZero);
    }

    [Benchmark(Description = "PaymentCalculator.Price (explanation kept, written when read)")]
    public decimal Price() => _calculator.Price(_request).AllowedAmount;
}
