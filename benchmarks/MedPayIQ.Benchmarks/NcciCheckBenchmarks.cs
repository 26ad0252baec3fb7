using BenchmarkDotNet.Attributes;
using MedPayIQ.Ncci;
using MedPayIQ.Pricing;

namespace MedPayIQ.Benchmarks;

/// <summary>
/// Checking a 10-line practitioner claim against a PTP table (every pair of the day), an MUE table and the 2026Q2
/// add-on code edits. Baseline: the same 90 ordered pairs probed in the PTP table alone, no findings built.
/// </summary>
[MemoryDiagnoser]
public class NcciCheckBenchmarks
{
    private static readonly string[] Codes = ["0001A", "0591T", "99213", "36591", "96523", "0001U", "0002M", "0070U", "0071U", "88350"];
    private NcciChecker _checker = null!;
    private PtpTable _ptp = null!;
    private ClaimLine[] _lines = null!;

    /// <summary>The PTP excerpt, or CMS's 2026Q2 practitioner table at its real size (when MEDPAYIQ_BENCH_PTP_DERIVED names it).</summary>
    [ParamsSource(nameof(Tables))]
    public string Table { get; set; } = "excerpt";

    public static IEnumerable<string> Tables() => PtpSets.DerivedFile is null ? ["excerpt"] : ["excerpt", PtpSets.Derived];

    [GlobalSetup]
    public void Setup()
    {
        string data = Path.Combine(AppContext.BaseDirectory, "data");
        var mue = NcciLoader.Load(Path.Combine(data, "MCR_MUE_PractitionerServices_Eff_07-01-2026.excerpt.csv"));
        if (Table == PtpSets.Derived)
        {
            // 99213 and nine codes it has edits with: the claim meets the table's real density of pairs.
            _ptp = PtpSets.Load(PtpSets.Derived);
            var em = HcpcsCode.Parse("99213");
            var partners = _ptp.EditsOf(em).Select(e => e.Column1 == em ? e.Column2 : e.Column1).Distinct().Take(9);
            var day = new DateOnly(2026, 5, 4);
            _lines = [new ClaimLine(day, em), .. partners.Select(c => new ClaimLine(day, c))];
            _checker = new NcciChecker(PackagedNcci.Catalog.With([_ptp]));
            return;
        }

        var tables = NcciLoader.Load(Path.Combine(data, "ccipra-v322r0-f1.excerpt.txt")).Concat(mue);
        var catalog = PackagedNcci.Catalog.With(tables);
        _checker = new NcciChecker(catalog);
        _ptp = (PtpTable)catalog.Versions(NcciTableKind.PtpPractitioner)[0];
        var june = new DateOnly(2023, 6, 1);
        _lines = [.. Codes.Select(c => new ClaimLine(june, HcpcsCode.Parse(c)))];
    }

    [Benchmark(Baseline = true, Description = "90 ordered pairs probed (PtpTable.TryFind)")]
    public int Pairs()
    {
        int found = 0;
        foreach (var a in _lines)
        {
            foreach (var b in _lines)
            {
                found += _ptp.TryFind(a.Hcpcs, b.Hcpcs, a.DateOfService, out _) ? 1 : 0;
            }
        }

        return found;
    }

    [Benchmark(Description = "NcciChecker.Check: 10 lines, PTP + MUE + add-on, findings with reasons")]
    public int Check() => _checker.Check(_lines).Findings.Length;
}
