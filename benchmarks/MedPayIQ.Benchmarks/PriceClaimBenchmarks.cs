using BenchmarkDotNet.Attributes;
using MedPayIQ.Pricing;
using MedPayIQ.Pricing.Data;

namespace MedPayIQ.Benchmarks;

/// <summary>
/// Pricing a 10-line claim in Los Angeles, October 2025. "Ranked": five surgical procedures ranked by fee
/// (100/50/50/50/50), two add-on codes, a visit with modifier 25, an injection, a knee X-ray. "Every family": four
/// surgeries, an endoscopy family, two imaging studies (TC and PC reductions), therapy, a visit. Baseline: the ranked
/// claim's ten lines priced one by one with <see cref="PaymentCalculator.Price(in ServiceRequest)"/>, no claim rules.
/// </summary>
[MemoryDiagnoser]
public class PriceClaimBenchmarks
{
    private static readonly string[] RankedCodes = ["27447", "20552", "64483", "64484", "20610", "11042", "11045", "99213", "96372", "73562"];
    private static readonly string[] EveryFamilyCodes = ["27447", "20610", "11042", "64483", "31624", "31629", "74177", "70450", "97110", "99213"];

    private PaymentCalculator _calculator = null!;
    private Claim _ranked = null!, _everyFamily = null!;
    private ServiceRequest[] _requests = null!;
    private ClaimPricer _pricer = null!;

    [GlobalSetup]
    public void Setup()
    {
        _calculator = new PaymentCalculator(PackagedFeeSchedules.Catalog);
        _pricer = new ClaimPricer(_calculator);
        var dos = new DateOnly(2025, 11, 3);
        var location = PricingLocation.Of(LocalityKey.Parse("01182/18"));
        _ranked = new Claim(RankedCodes.Select(c => new ClaimLine(dos, HcpcsCode.Parse(c), c == "99213" ? ModifierSet.Parse("25") : default))) { Location = location };
        _everyFamily = new Claim(EveryFamilyCodes.Select(c => new ClaimLine(dos, HcpcsCode.Parse(c)))) { Location = location };
        _requests = [.. RankedCodes.Select(c => new ServiceRequest(HcpcsCode.Parse(c), Modifier.None, dos, location, PricingSetting.NonFacility))];
    }

    [Benchmark(Baseline = true, Description = "10 services priced one by one (no claim rules)")]
    public decimal Services()
    {
        decimal total = 0m;
        foreach (ref readonly var r in _requests.AsSpan())
        {
            total += _calculator.Price(r).AllowedAmount;
        }

        return total;
    }

    [Benchmark(Description = "Price(Claim): 10 lines, 5 procedures ranked")]
    public decimal Ranked() => _calculator.Price(_ranked).AllowedAmount;

    [Benchmark(Description = "Price(Claim): 10 lines, every reduction family")]
    public decimal EveryFamily() => _calculator.Price(_everyFamily).AllowedAmount;

    [Benchmark(Description = "ClaimPricer.Price: 10 lines, 5 procedures ranked, into the reused result")]
    public decimal RankedReused() => _pricer.Price(_ranked).AllowedAmount;

    [Benchmark(Description = "ClaimPricer.Price: 10 lines, every reduction family, into the reused result")]
    public decimal EveryFamilyReused() => _pricer.Price(_everyFamily).AllowedAmount;
}
