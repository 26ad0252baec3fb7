using System.Globalization;
using BenchmarkDotNet.Attributes;
using CsvHelper;
using MedPayIQ.Pricing;

namespace MedPayIQ.Benchmarks;

/// <summary>
/// Loading the RVU25D PPRRVU CSV (19,090 rows, 2.2 MB) from a file on disk, as a user does. Baseline: the bare
/// CsvHelper 34 span read of the same file (every field touched, nothing built). Compared: the MedPayIQ loader
/// (read, parse, typed model, index, SHA-256) and the way most users load such a file today (CsvHelper
/// GetRecords&lt;T&gt; into string records, then mapped to a string-keyed dictionary of typed rows).
/// </summary>
[MemoryDiagnoser]
public class RvuLoadBenchmarks
{
    private readonly byte[] _csv = BenchmarkData.Rvu25DCsv;
    private string _path = null!;
    private static readonly CsvReaderOptions SpanOptions = new() { HasHeader = false, Separator = ',' };

    [GlobalSetup]
    public void Setup()
    {
        _path = Path.Combine(Directory.CreateTempSubdirectory("medpayiq-bench-").FullName, "PPRRVU2025_Oct.csv");
        File.WriteAllBytes(_path, _csv);
        int offset = 0;
        for (int line = 0; line < 10; line++)
        {
            offset += Array.IndexOf(_csv, (byte)'\n', offset) - offset + 1;
        }

        _dataOffset = offset;
    }

    private int _dataOffset;

    [GlobalCleanup]
    public void Cleanup() => File.Delete(_path);

    [Benchmark(Baseline = true, Description = "CsvHelper span read (no model)")]
    public long BareSpanRead()
    {
        using var reader = CsvReader.FromFile(_path, SpanOptions);
        return BenchmarkData.TouchEveryField(reader);
    }

    [Benchmark(Description = "MedPayIQ load (model + index + sha256)")]
    public int MedPayIQLoad() => FeeScheduleLoader.LoadFiles([_path], Options).Rvus.Count;

    private static readonly FeeScheduleLoadOptions Options = new() { ReleaseId = ReleaseId.Parse("RVU25D") };

    [Benchmark(Description = "CsvHelper GetRecords<T> + map to string-keyed model")]
    public int GetRecordsAndMap()
    {
        // Skip CMS's 10 title and header lines, then read records by column index.
        using var stream = File.OpenRead(_path);
        stream.Position = _dataOffset;
        using var reader = CsvReader.Create(stream, new CsvReaderOptions { HasHeader = false, Separator = ',' });
        var model = new Dictionary<(string, string), UserRvuRow>();
        foreach (var r in reader.GetRecords<UserRvuCsvRecord>())
        {
            model[(r.Hcpcs, r.Mod)] = UserRvuRow.From(r);
        }

        return model.Count == 19_090 ? model.Count : throw new InvalidOperationException($"read {model.Count} rows");
    }
}

/// <summary>A typical hand-written record for the PPRRVU CSV: every column a string, found by position.</summary>
[CsvRecord]
public sealed partial class UserRvuCsvRecord
{
    [CsvColumn(Index = 0)] public string Hcpcs { get; set; } = "";
    [CsvColumn(Index = 1)] public string Mod { get; set; } = "";
    [CsvColumn(Index = 2)] public string Description { get; set; } = "";
    [CsvColumn(Index = 3)] public string Status { get; set; } = "";
    [CsvColumn(Index = 4)] public string NotUsed { get; set; } = "";
    [CsvColumn(Index = 5)] public string Work { get; set; } = "";
    [CsvColumn(Index = 6)] public string NonFacilityPe { get; set; } = "";
    [CsvColumn(Index = 7)] public string NonFacilityNa { get; set; } = "";
    [CsvColumn(Index = 8)] public string FacilityPe { get; set; } = "";
    [CsvColumn(Index = 9)] public string FacilityNa { get; set; } = "";
    [CsvColumn(Index = 10)] public string Mp { get; set; } = "";
    [CsvColumn(Index = 11)] public string NonFacilityTotal { get; set; } = "";
    [CsvColumn(Index = 12)] public string FacilityTotal { get; set; } = "";
    [CsvColumn(Index = 13)] public string PcTc { get; set; } = "";
    [CsvColumn(Index = 14)] public string GlobalDays { get; set; } = "";
    [CsvColumn(Index = 15)] public string PreOp { get; set; } = "";
    [CsvColumn(Index = 16)] public string IntraOp { get; set; } = "";
    [CsvColumn(Index = 17)] public string PostOp { get; set; } = "";
    [CsvColumn(Index = 18)] public string MultProc { get; set; } = "";
    [CsvColumn(Index = 19)] public string Bilateral { get; set; } = "";
    [CsvColumn(Index = 20)] public string Assistant { get; set; } = "";
    [CsvColumn(Index = 21)] public string CoSurgeons { get; set; } = "";
    [CsvColumn(Index = 22)] public string Team { get; set; } = "";
    [CsvColumn(Index = 23)] public string EndoBase { get; set; } = "";
    [CsvColumn(Index = 24)] public string ConversionFactor { get; set; } = "";
    [CsvColumn(Index = 25)] public string Supervision { get; set; } = "";
    [CsvColumn(Index = 26)] public string CalculationFlag { get; set; } = "";
    [CsvColumn(Index = 27)] public string ImagingFamily { get; set; } = "";
    [CsvColumn(Index = 28)] public string OppsNonFacilityPe { get; set; } = "";
    [CsvColumn(Index = 29)] public string OppsFacilityPe { get; set; } = "";
    [CsvColumn(Index = 30)] public string OppsMp { get; set; } = "";
}

/// <summary>The same facts as <see cref="RvuEntry"/>, the way an application typically models them.</summary>
public sealed record UserRvuRow(
    string Hcpcs, string Modifier, string Description, char Status, bool NotUsed, decimal Work, decimal NonFacilityPe, bool NonFacilityNa,
    decimal FacilityPe, bool FacilityNa, decimal Mp, decimal NonFacilityTotal, decimal FacilityTotal, int PcTc, string GlobalDays,
    decimal PreOp, decimal IntraOp, decimal PostOp, int MultProc, int Bilateral, int Assistant, int CoSurgeons, int Team,
    string EndoBase, decimal ConversionFactor, string Supervision, int CalculationFlag, int ImagingFamily,
    decimal OppsNonFacilityPe, decimal OppsFacilityPe, decimal OppsMp)
{
    private static decimal D(string s) => decimal.Parse(s, NumberStyles.Number, CultureInfo.InvariantCulture);
    private static int I(string s) => int.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture);

    public static UserRvuRow From(UserRvuCsvRecord r) => new(
        r.Hcpcs, r.Mod, r.Description, r.Status[0], r.NotUsed == "+", D(r.Work), D(r.NonFacilityPe), r.NonFacilityNa == "NA",
        D(r.FacilityPe), r.FacilityNa == "NA", D(r.Mp), D(r.NonFacilityTotal), D(r.FacilityTotal), I(r.PcTc), r.GlobalDays,
        D(r.PreOp), D(r.IntraOp), D(r.PostOp), I(r.MultProc), I(r.Bilateral), I(r.Assistant), I(r.CoSurgeons), I(r.Team),
        r.EndoBase, D(r.ConversionFactor), r.Supervision, I(r.CalculationFlag), I(r.ImagingFamily),
        D(r.OppsNonFacilityPe), D(r.OppsFacilityPe), D(r.OppsMp));
}
