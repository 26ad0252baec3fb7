using System.Collections.Frozen;
using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using MedPayIQ.Ncci;
using MedPayIQ.Pricing;

namespace MedPayIQ.Benchmarks;

/// <summary>
/// A synthetic Medicare practitioner PTP set of 4,000,000 edits in CMS's layout: four parts (ccipra-v322r0-f1..f4.txt)
/// of 1,000,000 rows, the six header lines, tab-separated, CRLF, sorted by column 1 then column 2 as CMS sorts them,
/// with CMS's rationales and a mix of deletion dates and modifier indicators. CMS publishes several million rows a
/// quarter; the repository holds only an excerpt, so the set is generated once into the temp folder (not committed).
/// </summary>
internal static class SyntheticPtp
{
    public const int Parts = 4;

    /// <summary>Rows per part: 1,000,000, or fewer when MEDPAYIQ_BENCH_PTP_ROWS_PER_PART says so (CI's smoke run).</summary>
    public static readonly int RowsPerPart = int.TryParse(Environment.GetEnvironmentVariable("MEDPAYIQ_BENCH_PTP_ROWS_PER_PART"), out int rows) && rows > 0 ? rows : 1_000_000;

    private static readonly string[] Rationales =
    [
        "CPT Manual or CMS manual coding instruction", "Misuse of Column Two code with Column One code", "Standards of medical / surgical practice",
        "Mutually exclusive procedures", "HCPCS/CPT procedure code definition", "CPT separate procedure definition",
    ];

    /// <summary>The folder of the four parts, written on first use.</summary>
    public static string Folder { get; } = Write();

    /// <summary>The HCPCS code of a number: 10000-89999 as five digits.</summary>
    public static string Code(int n) => (10_000 + n).ToString(CultureInfo.InvariantCulture);


    private static string Write()
    {
        string folder = Path.Combine(Path.GetTempPath(), string.Create(CultureInfo.InvariantCulture, $"medpayiq-ptp-{Parts}x{RowsPerPart}"));
        string done = Path.Combine(folder, "complete");
        if (File.Exists(done))
        {
            return folder;
        }

        Directory.CreateDirectory(folder);
        var random = new Random(2026);
        int row = 0;
        for (int part = 1; part <= Parts; part++)
        {
            using var w = new StreamWriter(Path.Combine(folder, $"ccipra-v322r0-f{part}.txt"), false, new UTF8Encoding(false), 1 << 20) { NewLine = "\r\n" };
            w.WriteLine("CPT only copyright 2025 American Medical Association.  All rights reserved.\t\t\t\t\t\t");
            w.WriteLine("Column1/Column2 Edits\t\t\t\t\t\t");
            w.WriteLine("Column 1\tColumn 2\t*=in existence\tEffective\tDeletion\tModifier\tPTP Edit Rationale");
            w.WriteLine("\t\tprior to 1996\tDate\tDate\t0=not allowed\t");
            w.WriteLine("\t\t\t\t*=no data\t1=allowed\t");
            w.WriteLine("\t\t\t\t\t9=not applicable\t");
            for (int k = 0; k < RowsPerPart; k++, row++)
            {
                int i = row / 200, j = row % 200;
                string c1 = Code(i * 3);
                string c2 = Code(30_000 + (j * 150) + (i % 150));
                int roll = random.Next(100);
                string effective = roll < 5 ? "19960101" : string.Create(CultureInfo.InvariantCulture, $"{2000 + (roll % 26)}0101");
                string deletion = roll < 80 ? "*" : string.Create(CultureInfo.InvariantCulture, $"{2000 + (roll % 26) + 1}1231");
                char indicator = roll < 60 ? '1' : roll < 97 ? '0' : '9';
                w.Write(c1);
                w.Write('\t');
                w.Write(c2);
                w.Write('\t');
                w.Write(roll < 5 ? "*" : "");
                w.Write('\t');
                w.Write(effective);
                w.Write('\t');
                w.Write(deletion);
                w.Write('\t');
                w.Write(indicator);
                w.Write('\t');
                w.WriteLine(Rationales[roll % Rationales.Length]);
            }
        }

        File.WriteAllText(done, string.Create(CultureInfo.InvariantCulture, $"{Parts * RowsPerPart} rows"));
        return folder;
    }

    public static IEnumerable<string> Files() => Enumerable.Range(1, Parts).Select(p => Path.Combine(Folder, $"ccipra-v322r0-f{p}.txt"));
}

/// <summary>
/// The PTP sets the table benchmarks run on: the synthetic 4,000,000-edit set, and CMS's 2026Q2 practitioner table at
/// its real size and code distribution (2,140,693 pairs) when MEDPAYIQ_BENCH_PTP_DERIVED names the file that
/// <c>to-cms-layout.py</c> writes from the derived copy (see docs/benchmarks.md); without it that set is skipped.
/// </summary>
internal static class PtpSets
{
    public const string Synthetic = "synthetic-4M";
    public const string Derived = "cms-2026Q2-derived";

    /// <summary>The derived table in CMS's layout, when the environment names an existing file.</summary>
    public static string? DerivedFile { get; } = Environment.GetEnvironmentVariable("MEDPAYIQ_BENCH_PTP_DERIVED") is { Length: > 0 } f && File.Exists(f) ? f : null;

    public static IEnumerable<string> Available() => DerivedFile is null ? [Synthetic] : [Synthetic, Derived];

    public static IEnumerable<string> Files(string set) => set == Derived ? [DerivedFile!] : SyntheticPtp.Files();

    /// <summary>The PTP table of a set, loaded (parts joined).</summary>
    public static PtpTable Load(string set)
        => (PtpTable)NcciCatalog.Create(set == Derived ? NcciLoader.Load(DerivedFile!) : NcciLoader.Load(SyntheticPtp.Folder)).Versions(NcciTableKind.PtpPractitioner)[0];

    /// <summary>The set compiled into a snapshot in the temp folder (written once per process).</summary>
    public static string Snapshot(string set)
    {
        string path = Path.Combine(Path.GetTempPath(), string.Create(CultureInfo.InvariantCulture, $"medpayiq-{set}-{SyntheticPtp.RowsPerPart}.ncci"));
        if (!Written.Contains(path))
        {
            NcciSnapshot.Write(path, [Load(set)]);
            Written.Add(path);
        }

        return path;
    }

    private static readonly HashSet<string> Written = [];
}

/// <summary>
/// Loading a PTP set from disk (the parts read on every core). Baseline: a straightforward
/// <c>Dictionary&lt;(string, string), Row&gt;</c> of strings filled from CsvHelper's span reader; beside it the bare span
/// read of the same files (every field touched, nothing kept), the bound of the load (at most 2.5x).
/// </summary>
[MemoryDiagnoser]
[Config(typeof(FiveIterationsConfig))]
public class PtpLoadBenchmarks
{
    private sealed record Row(string Effective, string Deletion, char Indicator, string Rationale);

    [ParamsSource(nameof(Sets))]
    public string Set { get; set; } = PtpSets.Synthetic;

    public static IEnumerable<string> Sets() => PtpSets.Available();

    [GlobalSetup]
    public void Setup() => _ = SyntheticPtp.Folder;

    [Benchmark(Baseline = true, Description = "Dictionary<(string, string), Row> of strings (CsvHelper span read)")]
    public int Dictionary()
    {
        var edits = new Dictionary<(string, string), Row>();
        foreach (var file in PtpSets.Files(Set))
        {
            using var stream = File.OpenRead(file);
            using var reader = CsvHelper.CsvReader.Create(stream, new CsvHelper.CsvReaderOptions { HasHeader = false, Separator = '\t' });
            int line = 0;
            while (reader.Read())
            {
                if (++line <= 6)
                {
                    continue;
                }

                edits[(reader.GetSpan(0).ToString(), reader.GetSpan(1).ToString())] =
                    new Row(reader.GetSpan(3).ToString(), reader.GetSpan(4).ToString(), (char)reader.GetSpan(5)[0], reader.GetSpan(6).ToString());
            }
        }

        return edits.Count;
    }

    [Benchmark(Description = "bare CsvHelper span read of the files (nothing kept)")]
    public long BareRead()
    {
        long sum = 0;
        foreach (var file in PtpSets.Files(Set))
        {
            using var stream = File.OpenRead(file);
            using var reader = CsvHelper.CsvReader.Create(stream, new CsvHelper.CsvReaderOptions { HasHeader = false, Separator = '\t' });
            sum += BenchmarkData.TouchEveryField(reader);
        }

        return sum;
    }

    [Benchmark(Description = "NcciLoader.Load + NcciCatalog (compact PtpTable, parts joined)")]
    public int Load() => PtpSets.Load(Set).Count;

    [Benchmark(Description = "NcciSnapshot.Read of the compiled table (medpayiq ncci compile)")]
    public int OpenSnapshot() => NcciSnapshot.Read(_snapshot)[0].Count;

    private string _snapshot = null!;

    [GlobalSetup(Target = nameof(OpenSnapshot))]
    public void SetupSnapshot() => _snapshot = PtpSets.Snapshot(Set);
}

/// <summary>
/// A random pair probed in a PTP set, per probe: 1,024 probes an invocation, drawn from a pool of 1,024 pairs (hot: they
/// stay in the cache, as a claim's few codes do) or of 1,048,576 (cold: every invocation probes pairs not seen for a
/// while, as a batch of many claims does); half the pairs are edits, half reversed. Baselines:
/// <c>Dictionary&lt;(string, string), int&gt;</c> (the straightforward one), <c>Dictionary&lt;long, int&gt;</c> and
/// <c>FrozenDictionary&lt;long, int&gt;</c> over packed pairs (an int, not the edit), and like for like the
/// <c>FrozenDictionary</c> over an array of the edits, answering what <c>TryFind</c> answers (the edit in force on the
/// date). The global setup prints the bytes each keeps per edit.
/// </summary>
[MemoryDiagnoser]
public class PtpProbeBenchmarks
{
    private const int Probes = 1024;
    private PtpTable _table = null!;
    private Dictionary<(string, string), int> _strings = null!;
    private Dictionary<long, int> _packed = null!;
    private FrozenDictionary<long, int> _frozen = null!;
    private FrozenDictionary<long, int> _firstVersion = null!;
    private PtpEdit[] _edits = null!;
    private (string C1, string C2)[] _textPairs = null!;
    private (HcpcsCode C1, HcpcsCode C2)[] _pairs = null!;
    private int _next;
    private static readonly DateOnly Day = new(2026, 7, 1);

    [ParamsSource(nameof(Sets))]
    public string Set { get; set; } = PtpSets.Synthetic;

    /// <summary>Pairs the probes are drawn from, in turn: 1,024 (hot) or 1,048,576 (cold).</summary>
    [Params(1_024, 1_048_576)]
    public int Pool { get; set; } = Probes;

    public static IEnumerable<string> Sets() => PtpSets.Available();

    private static void Report(string what, long before, int count)
    {
        long after = GC.GetTotalMemory(forceFullCollection: true);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"// {what} keeps {(after - before) / (double)count:F1} bytes per edit ({count:N0} edits, {(after - before) / 1_048_576.0:F0} MB)"));
    }

    [GlobalSetup]
    public void Setup()
    {
        long before = GC.GetTotalMemory(forceFullCollection: true);
        _table = PtpSets.Load(Set);
        Report("PtpTable", before, _table.Count);

        var edits = _table.Rows.ToArray();
        before = GC.GetTotalMemory(true);
        _strings = new Dictionary<(string, string), int>(edits.Length);
        for (int i = 0; i < edits.Length; i++)
        {
            _strings[(edits[i].Column1.ToString(), edits[i].Column2.ToString())] = i;
        }

        Report("Dictionary<(string, string), int>", before, edits.Length);
        before = GC.GetTotalMemory(true);
        _packed = new Dictionary<long, int>(edits.Length);
        for (int i = 0; i < edits.Length; i++)
        {
            _packed[Pack(edits[i].Column1, edits[i].Column2)] = i;
        }

        Report("Dictionary<long, int>", before, edits.Length);
        before = GC.GetTotalMemory(true);
        _frozen = _packed.ToFrozenDictionary();
        Report("FrozenDictionary<long, int>", before, edits.Length);

        before = GC.GetTotalMemory(true);
        _edits = [.. edits]; // sorted by pair, then effective date: a pair's versions side by side
        var first = new Dictionary<long, int>(edits.Length);
        for (int i = edits.Length - 1; i >= 0; i--)
        {
            first[Pack(edits[i].Column1, edits[i].Column2)] = i;
        }

        _firstVersion = first.ToFrozenDictionary();
        first = null;
        Report("FrozenDictionary<long, int> + PtpEdit[]", before, edits.Length);

        var random = new Random(11);
        _pairs = new (HcpcsCode, HcpcsCode)[Pool];
        _textPairs = new (string, string)[Pool];
        for (int i = 0; i < Pool; i++)
        {
            var e = edits[random.Next(edits.Length)];
            var pair = i % 2 == 0 ? (e.Column1, e.Column2) : (e.Column2, e.Column1); // reversed: not an edit
            _pairs[i] = pair;
            _textPairs[i] = (pair.Item1.ToString(), pair.Item2.ToString());
        }
    }

    /// <summary>A pair packed into a long (a code's hash is its packed value).</summary>
    private static long Pack(HcpcsCode c1, HcpcsCode c2) => ((long)c1.GetHashCode() << 32) | (uint)c2.GetHashCode();

    /// <summary>Where this invocation's 1,024 probes start in the pool (the next ones at the next invocation).</summary>
    private int Start()
    {
        int start = _next;
        _next = (_next + Probes) % Pool;
        return start;
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Probes, Description = "Dictionary<(string, string), int>.TryGetValue")]
    public int Strings()
    {
        int found = 0;
        foreach (var p in _textPairs.AsSpan(Start(), Probes))
        {
            found += _strings.TryGetValue(p, out _) ? 1 : 0;
        }

        return found;
    }

    [Benchmark(OperationsPerInvoke = Probes, Description = "Dictionary<long, int>.TryGetValue (packed pair)")]
    public int Packed()
    {
        int found = 0;
        foreach (var p in _pairs.AsSpan(Start(), Probes))
        {
            found += _packed.TryGetValue(Pack(p.C1, p.C2), out _) ? 1 : 0;
        }

        return found;
    }

    [Benchmark(OperationsPerInvoke = Probes, Description = "FrozenDictionary<long, int>.TryGetValue (packed pair)")]
    public int Frozen()
    {
        int found = 0;
        foreach (var p in _pairs.AsSpan(Start(), Probes))
        {
            found += _frozen.TryGetValue(Pack(p.C1, p.C2), out _) ? 1 : 0;
        }

        return found;
    }

    [Benchmark(OperationsPerInvoke = Probes, Description = "FrozenDictionary<long, int> + PtpEdit[]: the edit in force on the date")]
    public int FrozenEdit()
    {
        int found = 0;
        var edits = _edits;
        foreach (var p in _pairs.AsSpan(Start(), Probes))
        {
            if (_firstVersion.TryGetValue(Pack(p.C1, p.C2), out int i))
            {
                for (; i < edits.Length && edits[i].Column1 == p.C1 && edits[i].Column2 == p.C2; i++)
                {
                    if (edits[i].ModifierIndicator != PtpModifierIndicator.NotApplicable && edits[i].Effective <= Day && Day <= (edits[i].Deletion ?? DateOnly.MaxValue))
                    {
                        found++;
                        break;
                    }
                }
            }
        }

        return found;
    }

    [Benchmark(OperationsPerInvoke = Probes, Description = "PtpTable.TryFind (pair in force on a date)")]
    public int TryFind()
    {
        int found = 0;
        foreach (var p in _pairs.AsSpan(Start(), Probes))
        {
            found += _table.TryFind(p.C1, p.C2, Day, out _) ? 1 : 0;
        }

        return found;
    }
}
