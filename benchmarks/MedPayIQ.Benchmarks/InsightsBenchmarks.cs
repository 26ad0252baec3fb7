using BenchmarkDotNet.Attributes;
using MedPayIQ.Insights;
using MedPayIQ.Pricing;
using MedPayIQ.Pricing.Data;

namespace MedPayIQ.Benchmarks;

/// <summary>
/// The insights of 77321 (national, RVU25A, both settings, packaged add-on edits): about fifteen claims priced and
/// every sentence written. Baseline: the three amounts a code page starts from (global, 26, TC) priced as services.
/// </summary>
[MemoryDiagnoser]
public class InsightsBenchmarks
{
    private static readonly DateOnly Day = new(2025, 1, 1);
    private static readonly HcpcsCode Code = HcpcsCode.Parse("77321");
    private CodeInsights _insights = null!;
    private PaymentCalculator _calculator = null!;

    [GlobalSetup]
    public void Setup()
    {
        _insights = new CodeInsights(PackagedFeeSchedules.Catalog, Ncci.PackagedNcci.Catalog);
        _calculator = new PaymentCalculator(PackagedFeeSchedules.Catalog);
    }

    [Benchmark(Baseline = true, Description = "77321 global, 26 and TC priced (Price(ServiceRequest) x3)")]
    public decimal Amounts()
        => _calculator.Price(new ServiceRequest(Code, Modifier.None, Day, PricingLocation.National, PricingSetting.NonFacility)).AllowedAmount
        + _calculator.Price(new ServiceRequest(Code, Modifier.ProfessionalComponent, Day, PricingLocation.National, PricingSetting.NonFacility)).AllowedAmount
        + _calculator.Price(new ServiceRequest(Code, Modifier.TechnicalComponent, Day, PricingLocation.National, PricingSetting.NonFacility)).AllowedAmount;

    [Benchmark(Description = "CodeInsights.For(77321): every insight, its claims priced, its sentences written")]
    public int Insights() => _insights.For(Code, new InsightRequest(Day)).Insights.Length;
}

/// <summary>
/// RVU25D against RVU26C, every row, national amounts in both settings. Baseline: the same merge of the two releases'
/// sorted rows with nothing compared.
/// </summary>
[MemoryDiagnoser]
public class ReleaseDiffBenchmarks
{
    private ReleaseDiff _diff = null!;
    private FeeScheduleRelease _from = null!, _to = null!;

    [GlobalSetup]
    public void Setup()
    {
        _diff = new ReleaseDiff(PackagedFeeSchedules.Catalog);
        _from = PackagedFeeSchedules.Get(ReleaseId.Parse("RVU25D"));
        _to = PackagedFeeSchedules.Get(ReleaseId.Parse("RVU26C"));
    }

    [Benchmark(Baseline = true, Description = "merge of the two releases' sorted rows (keys only)")]
    public int Merge()
    {
        var a = _from.Rvus.Rows;
        var b = _to.Rvus.Rows;
        int i = 0, j = 0, both = 0;
        while (i < a.Length && j < b.Length)
        {
            int c = a[i].Hcpcs.CompareTo(b[j].Hcpcs);
            c = c != 0 ? c : a[i].Modifier.CompareTo(b[j].Modifier);
            both += c == 0 ? 1 : 0;
            i += c <= 0 ? 1 : 0;
            j += c >= 0 ? 1 : 0;
        }

        return both;
    }

    [Benchmark(Description = "ReleaseDiff.CompareReleases(RVU25D, RVU26C): fields + national amounts of every row")]
    public int Compare() => _diff.CompareReleases(_from.Id, _to.Id, new ReleaseDiffOptions { IncludeNcci = false }).Rows.Length;
}
