using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;

namespace MedPayIQ.Benchmarks;

/// <summary>
/// Batch repricing: <c>medpayiq reprice</c> of a 10,000-line claim file (about 2,700 claims, packaged releases,
/// national, localities and ZIP codes) to a CSV file, in process. Baseline: the same file read with CsvHelper's span
/// reader, every field touched, nothing priced.
/// </summary>
[MemoryDiagnoser]
public class RepriceBenchmarks
{
    private static readonly string[] Codes = ["99213", "99214", "77321", "27447", "20610", "45380", "45378", "70450", "97110", "36591", "93000", "88305", "71046", "99291", "99292"];
    private static readonly string[] Modifiers = ["", "", "", "26", "TC", "50", "59", "25", "80"];
    private static readonly string[] Places = [",01182,18,", ",10112,00,", ",,,90210", ",,,"];
    private string _input = null!, _output = null!;

    [GlobalSetup]
    public void Setup()
    {
        var folder = Directory.CreateTempSubdirectory("medpayiq-bench-").FullName;
        _input = Path.Combine(folder, "claims.csv");
        _output = Path.Combine(folder, "priced.csv");
        var random = new Random(7);
        var csv = new StringBuilder("claim_id,line,date,hcpcs,modifiers,units,carrier,locality,zip\r\n");
        int written = 0;
        for (int claim = 1; written < 10_000; claim++)
        {
            var date = random.Next(4) == 0 ? new DateOnly(2026, 7, 1).AddDays(random.Next(90)) : new DateOnly(2025, 1, 2).AddDays(random.Next(363));
            string place = Places[random.Next(Places.Length)];
            int lines = 1 + random.Next(6);
            for (int line = 1; line <= lines && written < 10_000; line++, written++)
            {
                csv.Append(CultureInfo.InvariantCulture, $"C{claim},{line},{date:yyyy-MM-dd},{Codes[random.Next(Codes.Length)]},{Modifiers[random.Next(Modifiers.Length)]},1{place}\r\n");
            }
        }

        File.WriteAllText(_input, csv.ToString());
        Cli.Cli.Run(["reprice", _input, "-o", _output], TextWriter.Null, TextWriter.Null); // packaged releases loaded once
    }

    [Benchmark(Baseline = true, Description = "the claim file read (CsvHelper span reader, every field)")]
    public long Read()
    {
        using var stream = File.OpenRead(_input);
        using var reader = CsvHelper.CsvReader.Create(stream, new CsvHelper.CsvReaderOptions { HasHeader = true });
        return BenchmarkData.TouchEveryField(reader);
    }

    [Benchmark(Description = "medpayiq reprice: 10,000 lines read, priced claim by claim, written")]
    public int Reprice() => Cli.Cli.Run(["reprice", _input, "-o", _output], TextWriter.Null, TextWriter.Null);
}
