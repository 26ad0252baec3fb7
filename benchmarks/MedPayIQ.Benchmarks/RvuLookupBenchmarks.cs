using BenchmarkDotNet.Attributes;
using MedPayIQ.Pricing;
using MedPayIQ.Pricing.Data;

namespace MedPayIQ.Benchmarks;

/// <summary>
/// Looking up one (HCPCS, modifier) row of RVU25D, over 1,024 keys drawn from the table (per-lookup times).
/// Baseline: a Dictionary keyed by (string, string), as applications commonly key such rows.
/// </summary>
[MemoryDiagnoser]
public class RvuLookupBenchmarks
{
    private const int Keys = 1024;
    private RvuTable _table = null!;
    private (HcpcsCode Code, Modifier Modifier)[] _typed = null!;
    private (string Code, string Modifier)[] _strings = null!;
    private Dictionary<(string, string), RvuEntry> _byString = null!;

    [GlobalSetup]
    public void Setup()
    {
        _table = PackagedFeeSchedules.Get(ReleaseId.Parse("RVU25D")).Rvus;
        var rng = new Random(20251001);
        var picks = Enumerable.Range(0, Keys).Select(_ => _table.Rows[rng.Next(_table.Count)]).ToArray();
        _typed = [.. picks.Select(e => (e.Hcpcs, e.Modifier))];
        _strings = [.. picks.Select(e => (e.Hcpcs.ToString(), e.Modifier.ToString()))];
        _byString = _table.Rows.ToDictionary(e => (e.Hcpcs.ToString(), e.Modifier.ToString()));
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Keys, Description = "Dictionary<(string,string)> lookup")]
    public decimal StringDictionary()
    {
        decimal sum = 0;
        foreach (var (c, m) in _strings)
        {
            if (_byString.TryGetValue((c, m), out var e))
            {
                sum += e.WorkRvu;
            }
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Keys, Description = "RvuTable.TryGet(HcpcsCode, Modifier)")]
    public decimal TypedKey()
    {
        decimal sum = 0;
        foreach (var (c, m) in _typed)
        {
            if (_table.TryGet(c, m, out var e))
            {
                sum += e.WorkRvu;
            }
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Keys, Description = "RvuTable.TryGet(string, string)")]
    public decimal StringKey()
    {
        decimal sum = 0;
        foreach (var (c, m) in _strings)
        {
            if (_table.TryGet(c, m, out var e))
            {
                sum += e.WorkRvu;
            }
        }

        return sum;
    }
}
