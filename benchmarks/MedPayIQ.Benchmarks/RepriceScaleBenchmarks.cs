using System.Globalization;
using BenchmarkDotNet.Attributes;
using DuckDB.NET.Data;
using MedPayIQ.Pricing;
using MedPayIQ.Pricing.Data;

namespace MedPayIQ.Benchmarks;

/// <summary>
/// Batch repricing at scale: <c>medpayiq reprice</c> of a generated claim file of 1,000,000 lines (about 222,000
/// claims of 1-8 lines, every code an active RVU25D code without modifier in the packaged release, every place one of
/// its localities, dates of October-December 2025), in process, beside what a data engineer would write instead: a
/// DuckDB SQL query (DuckDB.NET, in process) joining the same file to CMS's RVU and GPCI files of the packaged release
/// and computing only the plain formula (no claim rules), and DuckDB's bare read-and-write of the file (its floor).
/// MEDPAYIQ_BENCH_REPRICE_LINES sets the lines (CI's dry run takes 20,000). The file is generated once per process.
/// Run: <c>--filter '*RepriceScale*' --inProcess --warmupCount 1 --iterationCount 3 --invocationCount 1 --unrollFactor 1</c>.
/// </summary>
public class RepriceScaleBenchmarks
{
    /// <summary>The lines of the generated file.</summary>
    public static readonly int Lines = int.TryParse(Environment.GetEnvironmentVariable("MEDPAYIQ_BENCH_REPRICE_LINES"), out int n) && n > 0 ? n : 1_000_000;

    private static readonly string[] ModifiersDrawn = ["", "", "", "", "", "26", "TC", "50", "59", "25"];
    private string _folder = null!, _claims = null!, _rvu = null!, _gpci = null!;
    private DuckDBConnection _duck = null!;

    /// <summary>
    /// Writes a claim file of <paramref name="lines"/> lines: claims of 1-8 lines, each on one date in one locality,
    /// codes drawn from RVU25D's active codes, a modifier on half the lines at most.
    /// </summary>
    public static void WriteClaims(string path, int lines, int seed)
    {
        var release = PackagedFeeSchedules.Catalog.Releases.First(r => r.Id.ToString() == "RVU25D");
        var codes = release.Rvus.Rows.Where(r => r.Status == StatusCode.Active && !r.Modifier.IsSome).Select(r => r.Hcpcs.ToString()).Distinct().ToArray();
        var places = release.Localities.PricedKeys.Select(k => $"{k.Carrier:D5},{k.Locality:D2}").ToArray();
        var random = new Random(seed);
        using var writer = new StreamWriter(path, append: false, new System.Text.UTF8Encoding(false), 1 << 16);
        writer.Write("claim_id,line,date,hcpcs,modifiers,units,carrier,locality\r\n");
        int written = 0;
        for (int claim = 1; written < lines; claim++)
        {
            var date = new DateOnly(2025, 10, 1).AddDays(random.Next(92)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            string place = places[random.Next(places.Length)];
            int count = Math.Min(1 + random.Next(8), lines - written);
            for (int line = 1; line <= count; line++, written++)
            {
                writer.Write(string.Create(CultureInfo.InvariantCulture, $"C{claim},{line},{date},{codes[random.Next(codes.Length)]},{ModifiersDrawn[random.Next(ModifiersDrawn.Length)]},{(random.Next(4) == 0 ? 2 : 1)},{place}\r\n"));
            }
        }
    }

    [GlobalSetup]
    public void Setup()
    {
        _folder = Directory.CreateTempSubdirectory("medpayiq-bench-scale-").FullName;
        _claims = Generated.Value;
        _rvu = Path.Combine(_folder, "PPRRVU2025_Oct.csv");
        File.WriteAllBytes(_rvu, BenchmarkData.Rvu25DCsv);
        _gpci = Path.Combine(_folder, "GPCI2025.csv");
        File.WriteAllBytes(_gpci, BenchmarkData.Packaged("2025/GPCI2025.csv"));
        _duck = new DuckDBConnection("DataSource=:memory:");
        _duck.Open();
        _ = PackagedFeeSchedules.Catalog; // the packaged releases loaded once, before any timing
    }

    /// <summary>The claim file, generated once per process (every benchmark of the class reads the same file).</summary>
    private static readonly Lazy<string> Generated = new(() =>
    {
        string path = Path.Combine(Directory.CreateTempSubdirectory("medpayiq-bench-claims-").FullName, "claims.csv");
        WriteClaims(path, Lines, seed: 7);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        return path;
    });

    [GlobalCleanup]
    public void Cleanup()
    {
        _duck.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private long Duck(string sql)
    {
        using var command = _duck.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteNonQuery();
    }

    /// <summary>The DuckDB query of the plain formula: claims joined to the RVU and GPCI files, fee = (work x PW + PE x PE GPCI + MP x MP GPCI) x CF, rounded, x units.</summary>
    public static string PlainFormulaSql(string claims, string rvu, string gpci, string output) => $"""
        COPY (
          WITH rvu AS (
            SELECT column00 AS hcpcs, coalesce(column01, '') AS modifier, CAST(column05 AS DECIMAL(9,2)) AS work,
                   CAST(column06 AS DECIMAL(9,2)) AS pe, CAST(column10 AS DECIMAL(9,2)) AS mp, CAST(column24 AS DECIMAL(9,4)) AS cf
            FROM read_csv('{rvu}', skip = 10, header = false, all_varchar = true, delim = ',', quote = '"', escape = '"')),
          gpci AS (
            SELECT column0 AS carrier, column2 AS locality, CAST(column4 AS DECIMAL(9,3)) AS pw,
                   CAST(column5 AS DECIMAL(9,3)) AS pe, CAST(column6 AS DECIMAL(9,3)) AS mp
            FROM read_csv('{gpci}', skip = 3, header = false, all_varchar = true, delim = ',', quote = '"', escape = '"'))
          SELECT c.claim_id, c.line, c.date, c.hcpcs, c.modifiers, c.units,
                 round((r.work * g.pw + r.pe * g.pe + r.mp * g.mp) * r.cf, 2) * CAST(c.units AS INTEGER) AS allowed
          FROM read_csv('{claims}', header = true, all_varchar = true) c
          LEFT JOIN rvu r ON r.hcpcs = c.hcpcs AND r.modifier = coalesce(c.modifiers, '')
          LEFT JOIN gpci g ON g.carrier = c.carrier AND g.locality = c.locality
        ) TO '{output}' (HEADER, DELIMITER ',')
        """;

    [Benchmark(Baseline = true, Description = "DuckDB SQL: the plain formula (claims joined to the RVU and GPCI files), CSV out")]
    public long DuckDbPlainFormula() => Duck(PlainFormulaSql(_claims, _rvu, _gpci, Path.Combine(_folder, "duck.csv")));

    [Benchmark(Description = "DuckDB: the claim file read and written (its floor)")]
    public long DuckDbReadWrite() => Duck($"COPY (SELECT * FROM read_csv('{_claims}', header = true, all_varchar = true)) TO '{Path.Combine(_folder, "floor.csv")}' (HEADER, DELIMITER ',')");

    [Benchmark(Description = "medpayiq reprice, every claim rule, all cores, CSV out")]
    public int Reprice() => Cli.Cli.Run(["reprice", _claims, "-o", Path.Combine(_folder, "priced.csv")], TextWriter.Null, TextWriter.Null);

    /// <summary>The columns the DuckDB query writes (<see cref="PlainFormulaSql"/>): the same output, column for column.</summary>
    public const string DuckDbColumns = "claim_id,line,date,hcpcs,modifiers,units,allowed";

    [Benchmark(Description = "medpayiq reprice, every claim rule, all cores, CSV out of the DuckDB query's columns (--columns)")]
    public int RepriceDuckDbColumns() => Cli.Cli.Run(["reprice", _claims, "-o", Path.Combine(_folder, "priced-columns.csv"), "--columns", DuckDbColumns], TextWriter.Null, TextWriter.Null);

    [Benchmark(Description = "medpayiq reprice, every claim rule, one worker, CSV out")]
    public int RepriceOneWorker() => Cli.Cli.Run(["reprice", _claims, "-o", Path.Combine(_folder, "priced1.csv"), "--workers", "1"], TextWriter.Null, TextWriter.Null);

    /// <summary>
    /// The floor under <c>reprice</c>'s own parts, on one thread: the claim file read into batches (the pipeline's reader,
    /// its one serial stage), each claim parsed, and its lines written as CSV by the pipeline's line writer, but
    /// formatted from one priced claim per claim size (priced once) instead of being priced: what the run costs
    /// without the claim rules. Returns the bytes written.
    /// </summary>
    [Benchmark(Description = "medpayiq's reader, parser and CSV line writer without the pricing, one thread")]
    public long RepriceWithoutPricingOneThread() => ReadParseWrite(Path.Combine(_folder, "floor1.csv"), parseAndWrite: true);

    /// <summary>The pipeline's reader alone, on one thread: the file's rows into batches of whole claims, nothing parsed or written. Returns the rows read.</summary>
    [Benchmark(Description = "medpayiq's claim reader alone (the pipeline's serial stage)")]
    public long ReaderOnly() => ReadParseWrite(null, parseAndWrite: false);

    private long ReadParseWrite(string? output, bool parseAndWrite)
    {
        var calculator = new PaymentCalculator(PackagedFeeSchedules.Catalog);
        var priced = new ClaimPrice?[Cli.ClaimFileReader.MaxLinesPerClaim + 1];
        var parser = new Cli.Reprice.ClaimRows(Path.GetFileName(_claims));
        var into = new Cli.Reprice.ParsedClaim();
        var sink = new Cli.Reprice.CsvLineSink();
        var batches = new[] { new Cli.Reprice.RowBatch(), new Cli.Reprice.RowBatch(), new Cli.Reprice.RowBatch() };
        int taken = 0;
        long count = 0;
        using var stream = output is null ? Stream.Null : new FileStream(output, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        using var file = Cli.ClaimFileReader.OpenCsvClaims(new FileInfo(_claims));
        foreach (var batch in file.ReadBatches(() => Reused(batches[taken++ % batches.Length]), 256))
        {
            count += parseAndWrite ? 0 : batch.Rows;
            for (int c = 0; parseAndWrite && c < batch.Claims; c++)
            {
                var claim = parser.Parse(batch, c, false, into);
                var price = priced[claim.Lines.Count] ??= calculator.Price(claim.Claim!);
                for (int i = 0; i < claim.Lines.Count; i++)
                {
                    sink.Priced(claim.Id, claim.Numbers[i], price, i, 0);
                }
            }

            count += sink.Written.Length;
            stream.Write(sink.Written);
            sink.Reset();
        }

        return count;
    }

    private static Cli.Reprice.RowBatch Reused(Cli.Reprice.RowBatch batch)
    {
        batch.Clear();
        return batch;
    }

    /// <summary>
    /// The file's claims as <c>reprice</c> parses them (headers and lines), read once per process, for
    /// <see cref="ClaimRulesAloneOneThread"/>: nothing of the file's reading or parsing is in its time.
    /// </summary>
    private static readonly Lazy<(Claim Header, ClaimLine[] Lines)[]> Parsed = new(() =>
    {
        var parser = new Cli.Reprice.ClaimRows(Path.GetFileName(Generated.Value));
        var claims = new List<(Claim, ClaimLine[])>();
        using var file = Cli.ClaimFileReader.OpenCsvClaims(new FileInfo(Generated.Value));
        foreach (var batch in file.ReadBatches(() => new Cli.Reprice.RowBatch(), 256))
        {
            for (int c = 0; c < batch.Claims; c++)
            {
                var claim = parser.Parse(batch, c, false);
                claims.Add((claim.Header ?? throw new InvalidOperationException($"claim {claim.Id} has no readable row"), [.. claim.Lines]));
            }
        }

        return [.. claims];
    });

    /// <summary>The claims parsed before any timing (<see cref="Parsed"/>), with the class's own setup.</summary>
    [GlobalSetup(Target = nameof(ClaimRulesAloneOneThread))]
    public void SetupParsed()
    {
        Setup();
        _ = Parsed.Value;
    }

    /// <summary>
    /// The claim rules alone, on one thread: every claim of the file, parsed before the timing, priced by one
    /// <see cref="ClaimPricer"/> as <c>reprice</c>'s workers price them; nothing read, parsed, formatted or written.
    /// What the claim rules cost; half of it is the least two cores could take for them. Returns the allowed cents.
    /// </summary>
    [Benchmark(Description = "the claim rules alone (claims parsed before), one thread, nothing read or written")]
    public long ClaimRulesAloneOneThread()
    {
        var pricer = new ClaimPricer(new PaymentCalculator(PackagedFeeSchedules.Catalog));
        decimal allowed = 0m;
        foreach (var (header, lines) in Parsed.Value)
        {
            allowed += pricer.Price(header, lines).AllowedAmount;
        }

        return decimal.ToInt64(allowed * 100m);
    }

    [Benchmark(Description = "medpayiq reprice, every claim rule, all cores, Parquet out")]
    public int RepriceToParquet() => Cli.Cli.Run(["reprice", _claims, "-o", Path.Combine(_folder, "priced.parquet")], TextWriter.Null, TextWriter.Null);
}
