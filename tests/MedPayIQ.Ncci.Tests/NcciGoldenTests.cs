using System.Globalization;
using System.Text;
using MedPayIQ.Pricing;
using static MedPayIQ.Ncci.Tests.NcciCheckerTests;

namespace MedPayIQ.Ncci.Tests;

/// <summary>
/// An exhaustive golden test of the NCCI checker: a corpus of claims built to reach every finding kind and every branch
/// of its sentences (each modifier family, the wrong line, indicators 0, 1 and 9, deleted edits, MUE line and date
/// edits of each adjudication indicator, add-on types 1, 2 and 3, the claim kinds), checked, and every finding and note
/// written out and compared with <c>data/checker-golden.txt</c> byte for byte. The rule tests beside it assert what the
/// findings mean; this pins every sentence. MEDPAYIQ_UPDATE_GOLDEN=1 rewrites the file; review its diff.
/// </summary>
public class NcciGoldenTests
{
    private static readonly DateOnly Feb2023 = new(2023, 2, 1), May2026 = new(2026, 5, 1), July2026 = new(2026, 7, 15);

    private static IEnumerable<(string Name, NcciClaimKind Kind, ClaimLine[] Lines)> Corpus()
    {
        var p = NcciClaimKind.Practitioner;
        yield return ("PTP indicator 1, lines apart", p, [Line("0591T"), Line("99999"), Line("0001A")]);
        foreach (string modifier in new[] { "XU", "XS", "XE", "XP", "59", "25", "57", "79", "91", "LT", "RT", "F5", "E1", "FA", "T1", "LC", "24", "27", "58", "78", "26" })
        {
            yield return ($"PTP indicator 1, {modifier} on column 2", p, [Line("0001A"), Line("0591T", modifier)]);
        }

        yield return ("PTP indicator 1, XU on column 1", p, [Line("0001A", "XU"), Line("0591T")]);
        yield return ("PTP indicator 1, XU on both lines", p, [Line("0001A", "XU"), Line("0591T", "XU")]);
        yield return ("PTP indicator 1, 26 on both lines", p, [Line("0001A", "26"), Line("0591T", "26")]);
        yield return ("PTP indicator 1, column 2 before and after column 1", p, [Line("0591T"), Line("0001A"), Line("0591T", "76")]);
        yield return ("PTP indicator 1, RT and RT", p, [Line("0001A", "RT"), Line("0591T", "RT")]);
        yield return ("PTP indicator 1, RT and LT", p, [Line("0001A", "RT"), Line("0591T", "LT")]);
        yield return ("PTP indicator 1, LT and RT,LT", p, [Line("0001A", "LT"), Line("0591T", "RT,LT")]);
        yield return ("PTP indicator 1, two units of column 2", p, [Line("0001A"), Line("0591T", units: 2)]);
        yield return ("PTP indicator 1, column 2 twice", p, [Line("0001A"), Line("0591T"), Line("0591T", "59")]);
        yield return ("PTP indicator 0 with 59", p, [Line("0001A"), Line("36591", "59")]);
        yield return ("PTP indicator 0 without a modifier", p, [Line("36591"), Line("0001A")]);
        yield return ("PTP edit deleted the day before", p, [Line("0001A", date: new DateOnly(2024, 1, 1)), Line("0591T", date: new DateOnly(2024, 1, 1))]);
        yield return ("PTP edit on its last day", p, [Line("0001A", date: new DateOnly(2023, 12, 31)), Line("0591T", date: new DateOnly(2023, 12, 31))]);
        yield return ("PTP different dates", p, [Line("0001A"), Line("0591T", date: new DateOnly(2023, 6, 2))]);
        yield return ("MUE line edit over", p, [Line("88346", date: Feb2023), Line("88350", units: 8, date: Feb2023)]);
        yield return ("MUE line edit at the value, 76 beside", p, [Line("88346", date: Feb2023), Line("88350", units: 4, date: Feb2023), Line("88350", "76", units: 4, date: Feb2023)]);
        yield return ("MUE line edit over on two lines", p, [Line("88346", date: Feb2023), Line("88350", units: 5, date: Feb2023), Line("88350", "76", units: 6, date: Feb2023)]);
        yield return ("MUE date edit, clinical (MAI 3)", p, [Line("0002M", date: July2026), Line("0002M", "91", date: July2026)]);
        yield return ("MUE date edit, policy (MAI 2)", p, [Line("0001U", units: 2, date: July2026)]);
        yield return ("MUE date edit, three lines", p, [Line("0001U", date: July2026), Line("99213", date: July2026), Line("0001U", units: 3, date: July2026)]);
        yield return ("MUE date edit, two dates", p, [Line("0002M", date: July2026), Line("0002M", date: July2026.AddDays(1))]);
        yield return ("add-on type 1 alone", p, [Line("0071U", date: May2026)]);
        yield return ("add-on type 1 with its primary", p, [Line("0070U", date: May2026), Line("0071U", date: May2026)]);
        yield return ("add-on type 1, primary the day after", p, [Line("0070U", date: May2026.AddDays(1)), Line("0071U", date: May2026)]);
        yield return ("add-on type 2", p, [Line("0054T", date: May2026)]);
        yield return ("add-on type 3 alone", p, [Line("0984T", date: May2026)]);
        yield return ("add-on type 3 with a listed primary", p, [Line("36221", date: May2026), Line("0984T", date: May2026)]);
        yield return ("add-on type 3 with two listed primaries", p, [Line("36221", date: May2026), Line("36222", date: May2026), Line("0984T", date: May2026)]);
        yield return ("add-on edit deleted", p, [Line("0079T", date: new DateOnly(2014, 3, 1))]);
        yield return ("add-on edit before its deletion", p, [Line("0079T", date: new DateOnly(2013, 6, 1))]);
        yield return ("every kind at once", p, [Line("0001A", date: July2026), Line("0591T", date: July2026), Line("0001U", units: 2, date: July2026), Line("0071U", date: July2026)]);
        yield return ("findings on two dates", p, [Line("0001U", units: 2, date: July2026), Line("0001A"), Line("0591T")]);
        yield return ("findings on two dates, the edit of the later date first in kind", p, [Line("88350", units: 8), Line("0001A", date: new DateOnly(2023, 6, 2)), Line("0591T", date: new DateOnly(2023, 6, 2))]);
        yield return ("hospital claim", NcciClaimKind.OutpatientHospital, [Line("0001A"), Line("0591T")]);
        yield return ("DME claim", NcciClaimKind.DmeSupplier, [Line("0001A")]);
        yield return ("no lines", p, []);
    }

    [Fact]
    public void Every_claim_of_the_corpus_checks_as_the_golden_file_holds_byte_for_byte()
    {
        var text = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        var checker = NewChecker(); // its own note cache, filled by this corpus alone
        foreach (var (name, kind, lines) in Corpus())
        {
            text.Append("### ").Append(name).Append('\n');
            var check = checker.Check(lines, kind);
            text.Append(inv, $"denials: {check.HasDenials}\n");
            foreach (var f in check.Findings)
            {
                text.Append(inv, $"finding {f.Kind} lines [{string.Join(",", f.Lines)}] denied {f.DeniedLine?.ToString(inv) ?? "-"} all denied [{string.Join(",", f.DeniedLines)}] code {f.DenialCode ?? "-"} over {f.UnitsOver}\n");
                text.Append("  edit: ").Append(f.Edit).Append('\n');
                text.Append(inv, $"  source: {f.Source.Kind} {f.Source.Version} {string.Join(",", f.Source.FileNames)}\n");
                text.Append("  reason: ").Append(f.Reason).Append('\n');
                text.Append("  fix: ").Append(f.Fix).Append('\n');
            }

            foreach (string note in check.Notes)
            {
                text.Append("note: ").Append(note).Append('\n');
            }
        }

        string actual = text.ToString();
        string path = Path.Combine(Root(), "tests", "MedPayIQ.Ncci.Tests", "data", "checker-golden.txt");
        if (Environment.GetEnvironmentVariable("MEDPAYIQ_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(path, actual, new UTF8Encoding(false));
        }

        string[] expected = File.ReadAllText(path).Split('\n'), got = actual.Split('\n');
        for (int i = 0; i < Math.Min(expected.Length, got.Length); i++)
        {
            Assert.True(expected[i] == got[i], $"data/checker-golden.txt line {i + 1}:\nexpected: {expected[i]}\nactual:   {got[i]}");
        }

        Assert.Equal(expected.Length, got.Length);
    }

    private static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MedPayIQ.Pricing.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("MedPayIQ.Pricing.sln not found above " + AppContext.BaseDirectory);
    }
}
