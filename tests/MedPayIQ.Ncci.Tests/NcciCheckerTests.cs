using System.Text;
using FsCheck.Xunit;
using MedPayIQ.Pricing;

namespace MedPayIQ.Ncci.Tests;

/// <summary>Hand-built claims for each rule and each modifier family, on the real CMS rows, and FsCheck laws.</summary>
public class NcciCheckerTests
{
    private static readonly DateOnly Day = new(2023, 6, 1);

    /// <summary>An MUE file in CMS's layout with a line edit (MAI 1), for the rules the excerpt has no row for.</summary>
    private static readonly MueTable LineMue = (MueTable)NcciLoader.Load(new MemoryStream(Encoding.UTF8.GetBytes(
        "\"notice\",,,\r\n\"HCPCS/\nCPT Code\",Practitioner Services MUE Values,MUE Adjudication Indicator,MUE Rationale\r\n88350,4,1 Line Edit,Nature of Service/Procedure\r\n")),
        "MCR_MUE_PractitionerServices_Eff_01-01-2023.csv")[0];

    internal static readonly NcciChecker Checker = NewChecker();

    /// <summary>A checker of its own (its note cache empty) over the test tables.</summary>
    internal static NcciChecker NewChecker() => new(NcciCatalog.Create([NcciLoaderTests.Ptp, NcciLoaderTests.Mue, LineMue, PackagedNcci.AddOnEdits]));

    internal static ClaimLine Line(string code, string modifiers = "", int units = 1, DateOnly? date = null)
        => new(date ?? Day, HcpcsCode.Parse(code), ModifierSet.Parse(modifiers)) { Units = units };

    private static NcciCheck Check(params ClaimLine[] lines) => Checker.Check(lines);

    [Fact]
    public void Ptp_indicator_1_denies_column_2_without_a_modifier_on_any_pair_of_lines()
    {
        // 0001A/0591T, 2022-01-01 to 2023-12-31, indicator 1. The two lines are not adjacent.
        var check = Check(Line("0591T"), Line("99999"), Line("0001A"));
        var f = Assert.Single(check.Findings);
        Assert.Equal(NcciFindingKind.PtpColumn2Denied, f.Kind);
        Assert.Equal([3, 1], f.Lines);
        Assert.Equal(1, f.DeniedLine);
        Assert.Equal("CO-97", f.DenialCode);
        Assert.Contains("CPT Manual or CMS manual coding instruction", f.Reason, StringComparison.Ordinal);
        Assert.Contains("append XS, XE, XP, XU, 59", f.Fix, StringComparison.Ordinal);
        Assert.Equal("32.2r0", f.Source.Version);
        Assert.True(check.HasDenials);
    }

    [Theory]
    [InlineData("XU")]
    [InlineData("XS")]
    [InlineData("XE")]
    [InlineData("XP")]
    [InlineData("59")]
    [InlineData("25")]
    [InlineData("79")]
    [InlineData("91")]
    [InlineData("LT")]
    [InlineData("F5")]
    [InlineData("E1")]
    public void Every_NCCI_associated_modifier_family_bypasses_indicator_1_on_the_column_2_line(string modifier)
    {
        var f = Assert.Single(Check(Line("0001A"), Line("0591T", modifier)).Findings);
        Assert.Equal(NcciFindingKind.PtpBypassed, f.Kind);
        Assert.Null(f.DeniedLine);
        Assert.Null(f.DenialCode);
        Assert.Contains(modifier, f.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bypass_modifier_on_the_wrong_line_or_a_modifier_without_effect_bypasses_nothing()
    {
        var wrong = Assert.Single(Check(Line("0001A", "XU"), Line("0591T")).Findings);
        Assert.Equal(NcciFindingKind.PtpColumn2Denied, wrong.Kind);
        Assert.Contains("belongs on line 2", wrong.Fix, StringComparison.Ordinal);

        Assert.Equal(NcciFindingKind.PtpColumn2Denied, Assert.Single(Check(Line("0001A"), Line("0591T", "26")).Findings).Kind);
        // The same anatomic site on both lines is not a separate site.
        var sameSite = Assert.Single(Check(Line("0001A", "RT"), Line("0591T", "RT")).Findings);
        Assert.Equal(NcciFindingKind.PtpColumn2Denied, sameSite.Kind);
        Assert.StartsWith("Modifier RT is on both lines", sameSite.Fix, StringComparison.Ordinal); // not "move it to line 2": it is there
        Assert.Equal(NcciFindingKind.PtpBypassed, Assert.Single(Check(Line("0001A", "RT"), Line("0591T", "LT")).Findings).Kind);
    }

    [Fact]
    public void Indicator_0_is_never_bypassed()
    {
        // 0001A/36591 indicator 0.
        var f = Assert.Single(Check(Line("0001A"), Line("36591", "59")).Findings);
        Assert.Equal(NcciFindingKind.PtpColumn2Denied, f.Kind);
        Assert.Contains("indicator 0", f.Reason, StringComparison.Ordinal);
        Assert.Contains("whatever the modifier", f.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Deleted_edits_and_indicator_9_edits_do_not_fire()
    {
        Assert.Empty(Check(Line("0001A", date: new DateOnly(2024, 1, 1)), Line("0591T", date: new DateOnly(2024, 1, 1))).Findings.Where(f => f.Kind <= NcciFindingKind.PtpBypassed));
        Assert.Single(Check(Line("0001A", date: new DateOnly(2023, 12, 31)), Line("0591T", date: new DateOnly(2023, 12, 31))).Findings);
        Assert.Empty(Check(Line("0001A", date: new DateOnly(2022, 1, 1)), Line("90473", date: new DateOnly(2022, 1, 1))).Findings);
        // Different dates of service: no pair.
        Assert.Empty(Check(Line("0001A"), Line("0591T", date: Day.AddDays(1))).Findings);
    }

    [Fact]
    public void Mue_line_edit_denies_the_line_over_the_value_and_separate_lines_pass()
    {
        // rules.md D26 (pub, NGS): 88350 x 8 on one line with MUE 4 (MAI 1) is denied; 4 + 4 on two lines (76/77) pass.
        // 88350 is also an add-on code of 88346: bill the primary too, so that only the MUE speaks.
        var over = Assert.Single(Check(Line("88346", date: new DateOnly(2023, 2, 1)), Line("88350", units: 8, date: new DateOnly(2023, 2, 1))).Findings);
        Assert.Equal(NcciFindingKind.MueLineExceeded, over.Kind);
        Assert.Equal(4, over.UnitsOver);
        Assert.Equal("CO-151 N362", over.DenialCode);
        Assert.Contains("76, 77", over.Fix, StringComparison.Ordinal);
        Assert.Empty(Check(Line("88346", date: new DateOnly(2023, 2, 1)), Line("88350", units: 4, date: new DateOnly(2023, 2, 1)), Line("88350", "76", units: 4, date: new DateOnly(2023, 2, 1))).Findings);
    }

    [Fact]
    public void Mue_date_of_service_edits_sum_units_over_the_lines_of_the_date()
    {
        // The 2026-07-01 practitioner table: 0002M MUE 1, MAI 3 (clinical); 0001U MUE 1, MAI 2 (policy). One unit on each of two lines is two units.
        var july = new DateOnly(2026, 7, 15);
        var clinical = Assert.Single(Check(Line("0002M", date: july), Line("0002M", "91", date: july)).Findings);
        Assert.Equal(NcciFindingKind.MueDateExceeded, clinical.Kind);
        Assert.Equal([1, 2], clinical.Lines);
        Assert.Equal(1, clinical.UnitsOver);
        Assert.Contains("appeal", clinical.Fix, StringComparison.Ordinal);
        var policy = Assert.Single(Check(Line("0001U", units: 2, date: july)).Findings);
        Assert.Contains("impossible", policy.Fix, StringComparison.Ordinal);
        Assert.Equal("2026-07-01", policy.Source.Version);
        Assert.Empty(Check(Line("0002M", date: july), Line("0002M", date: july.AddDays(1))).Findings);
        // Before 2026-07-01 the 2023 table is in force, and it has no MUE for 0002M.
        Assert.Empty(Check(Line("0002M", date: Day), Line("0002M", date: Day)).Findings);
    }

    [Fact]
    public void Add_on_codes_need_a_primary_by_type()
    {
        // Type 1: 0071U needs 0070U on the date.
        var alone = Assert.Single(Check(Line("0071U", date: new DateOnly(2026, 5, 1))).Findings);
        Assert.Equal(NcciFindingKind.AddOnWithoutPrimary, alone.Kind);
        Assert.Equal("CO-107", alone.DenialCode);
        Assert.Contains("0070U", alone.Fix, StringComparison.Ordinal);
        Assert.Empty(Check(Line("0070U", date: new DateOnly(2026, 5, 1)), Line("0071U", date: new DateOnly(2026, 5, 1))).Findings);
        Assert.Single(Check(Line("0070U", date: new DateOnly(2026, 5, 2)), Line("0071U", date: new DateOnly(2026, 5, 1))).Findings);

        // Type 2: contractor-defined primaries (information); type 3: none of the listed primaries (warning).
        Assert.Equal(NcciFindingKind.AddOnContractorPrimaries, Assert.Single(Check(Line("0054T", date: new DateOnly(2026, 5, 1))).Findings).Kind);
        var type3 = Assert.Single(Check(Line("0984T", date: new DateOnly(2026, 5, 1))).Findings);
        Assert.Equal(NcciFindingKind.AddOnPrimaryNotListed, type3.Kind);
        Assert.Null(type3.DeniedLine);
        Assert.Empty(Check(Line("36221", date: new DateOnly(2026, 5, 1)), Line("0984T", date: new DateOnly(2026, 5, 1))).Findings);

        // An edit deleted on 2013-12-31 does not apply in 2014.
        Assert.Empty(Check(Line("0079T", date: new DateOnly(2014, 3, 1))).Findings);
        Assert.Single(Check(Line("0079T", date: new DateOnly(2013, 6, 1))).Findings);
    }

    [Fact]
    public void Hospital_and_DME_claims_use_their_own_tables_and_say_what_is_missing()
    {
        var hospital = Checker.Check([Line("0001A"), Line("0591T")], NcciClaimKind.OutpatientHospital);
        Assert.Empty(hospital.Findings);
        Assert.Contains(hospital.Notes, n => n.Contains("no PtpHospital table", StringComparison.Ordinal));
        Assert.Contains(Checker.Check([Line("0001A")], NcciClaimKind.DmeSupplier).Notes, n => n.Contains("no MueDme table", StringComparison.Ordinal));
        Assert.Contains(Check(Line("0001A")).Notes, n => n.Contains("32.2r0", StringComparison.Ordinal));
    }

    [Fact]
    public void Findings_are_equal_only_when_every_field_is()
    {
        var f = Assert.Single(Check(Line("0591T"), Line("0001A")).Findings);
        var same = f with { };
        Assert.Equal(f, same);
        Assert.Equal(f.GetHashCode(), same.GetHashCode());
        NcciFinding[] others =
        [
            f with { Kind = NcciFindingKind.PtpBypassed }, f with { Lines = [1, 2] }, f with { DeniedLine = 2 },
            f with { DeniedLines = [1, 2] }, f with { Edit = f.Edit + "." }, f with { Source = f.Source with { Version = "other" } },
            f with { DenialCode = "CO-96" }, f with { Reason = f.Reason + "." }, f with { Fix = f.Fix + "." }, f with { UnitsOver = 1 },
        ];
        foreach (var other in others)
        {
            Assert.NotEqual(f, other);
            Assert.False(f.Equals(other));
        }

        Assert.False(f.Equals(null));
    }

    [Fact]
    public void A_null_catalog_or_claim_is_refused_at_once()
    {
        Assert.Equal("catalog", Assert.Throws<ArgumentNullException>(() => new NcciChecker(null!)).ParamName);
        Assert.Equal("lines", Assert.Throws<ArgumentNullException>(() => Checker.Check((IReadOnlyList<ClaimLine>)null!)).ParamName);
        Assert.Equal("claim", Assert.Throws<ArgumentNullException>(() => Checker.Check((Claim)null!)).ParamName);
    }

    [Theory]
    [InlineData("99201", true)]
    [InlineData("99213", true)]
    [InlineData("99499", true)]
    [InlineData("99200", false)]
    [InlineData("99500", false)]
    [InlineData("9930A", false)] // a letter between two E/M codes: not an E/M service
    [InlineData("9940T", false)]
    [InlineData("92012", true)]
    [InlineData("92014", true)]
    [InlineData("92011", false)]
    [InlineData("92015", false)]
    [InlineData("77427", true)]
    [InlineData("77426", false)]
    public void Modifier_59_and_the_X_modifiers_are_ignored_on_E_M_services_92012_92014_and_77427_only(string code, bool ignored)
        => Assert.Equal(ignored, NcciChecker.IgnoresDistinctModifiers(HcpcsCode.Parse(code)));

    private static readonly string[] Pool = ["0001A", "0591T", "0592T", "36591", "96523", "99213", "0001U", "0002M", "0070U", "0071U", "0054T", "0984T", "36221", "88350", "0003M", "81164"];
    private static readonly string[] Mods = ["", "", "59", "XU", "25", "RT", "LT", "76", "26"];

    private static ClaimLine[] RandomClaim(int seed)
    {
        var random = new Random(seed);
        var days = new[] { new DateOnly(2023, 6, 1), new DateOnly(2026, 5, 1), new DateOnly(2026, 7, 15) };
        return [.. Enumerable.Range(0, random.Next(1, 9)).Select(_ => Line(Pool[random.Next(Pool.Length)], Mods[random.Next(Mods.Length)], random.Next(1, 7), days[random.Next(days.Length)]))];
    }

    /// <summary>A finding in words that do not depend on line numbers.</summary>
    private static List<string> Key(NcciCheck check, IReadOnlyList<ClaimLine> lines)
        => [.. check.Findings.Select(f => $"{f.Kind} {f.Edit} [{string.Join(" ", f.Lines.Select(n => lines[n - 1].ToString()))}] denied {(f.DeniedLine is { } d ? lines[d - 1].ToString() : "-")}").Order(StringComparer.Ordinal)];

    [Property(MaxTest = 300)]
    public bool Line_order_never_changes_the_findings(int seed, int shuffle)
    {
        var lines = RandomClaim(seed);
        var reordered = lines.OrderBy(_ => new Random(shuffle).Next()).Reverse().ToArray();
        return Key(Checker.Check(lines), lines).SequenceEqual(Key(Checker.Check(reordered), reordered));
    }

    [Property(MaxTest = 300)]
    public bool A_claim_of_one_line_never_has_a_PTP_finding(int seed)
        => Checker.Check([RandomClaim(seed)[0]]).Findings.All(f => f.Kind is not (NcciFindingKind.PtpColumn2Denied or NcciFindingKind.PtpBypassed));

    [Property(MaxTest = 300)]
    public bool Adding_an_unrelated_line_never_removes_a_finding(int seed)
    {
        var lines = RandomClaim(seed);
        var more = lines.Append(Line("99999", date: lines[0].DateOfService)).ToArray();
        var before = Key(Checker.Check(lines), lines);
        var after = Key(Checker.Check(more), more);
        return before.All(after.Contains);
    }

    [Fact]
    public void The_random_claims_reach_every_finding_kind()
    {
        var kinds = Enumerable.Range(0, 500).SelectMany(seed => Checker.Check(RandomClaim(seed)).Findings).Select(f => f.Kind).ToHashSet();
        Assert.Equal(Enum.GetValues<NcciFindingKind>().ToHashSet(), kinds);
    }

    [Property(MaxTest = 500)]
    public bool Dates_in_findings_are_written_as_the_invariant_yyyy_MM_dd(int dayNumber)
    {
        var date = DateOnly.FromDayNumber((int)(unchecked((uint)dayNumber) % (uint)DateOnly.MaxValue.DayNumber));
        return $"{new IsoDate(date)}" == date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)
            && new IsoDate(date).ToString() == date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
    }
}
