using BenchmarkDotNet.Attributes;
using MedPayIQ.Pricing;

namespace MedPayIQ.Benchmarks;

/// <summary>Parsing single CMS field values from UTF-8 (the loaders' inner loop).</summary>
public class FieldParseBenchmarks
{
    private readonly byte[] _code = "77321"u8.ToArray();
    private readonly byte[] _rvu = "15.30"u8.ToArray();
    private readonly byte[] _status = "A"u8.ToArray();
    private readonly byte[] _cf = "32.3465"u8.ToArray();

    [Benchmark(Baseline = true)]
    public int Hcpcs() => CmsFields.TryHcpcs(_code, out var c) ? c.GetHashCode() : 0;

    [Benchmark]
    public int Rvu() => CmsFields.TryRvu(_rvu, out var v) ? v : 0;

    [Benchmark]
    public int Status() => CmsFields.TryStatus(_status, out var s) ? (int)s : 0;

    [Benchmark]
    public int ConversionFactor() => CmsFields.TryScaled(_cf, 4, out var v) ? v : 0;
}
