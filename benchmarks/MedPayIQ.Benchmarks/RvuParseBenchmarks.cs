using BenchmarkDotNet.Attributes;
using CsvHelper;
using MedPayIQ.Pricing;

namespace MedPayIQ.Benchmarks;

/// <summary>
/// Parsing the RVU25D PPRRVU CSV already in memory: the parse, the typed model and its index, with no file read and no
/// SHA-256. Baseline: the bare CsvHelper 34 span read of the same bytes (every field touched, nothing built).
/// </summary>
[MemoryDiagnoser]
public class RvuParseBenchmarks
{
    private readonly byte[] _csv = BenchmarkData.Rvu25DCsv;
    private static readonly CsvReaderOptions SpanOptions = new() { HasHeader = false, Separator = ',' };

    [Benchmark(Baseline = true, Description = "CsvHelper span read of the bytes (no model)")]
    public long BareSpanRead()
    {
        using var reader = CsvReader.Create(_csv, SpanOptions);
        return BenchmarkData.TouchEveryField(reader);
    }

    [Benchmark(Description = "MedPayIQ parse + typed model + index of the bytes")]
    public int ParseModelIndex() => RvuCsvReader.Read("PPRRVU2025_Oct.csv", _csv, includeValues: true).Table.Count;
}
