using System.Text;
using MedPayIQ.Pricing;

namespace MedPayIQ.Ncci.Tests;

/// <summary>Policies CMS applies on top of the tables, each test naming its CMS source.</summary>
public class NcciPolicyTests
{
    private static readonly DateOnly Day = new(2023, 6, 1);

    // The excerpt (0001A/99213, indicator 1, 2022-01-01 to 2023-12-31) and a second part with indicator-1 pairs whose
    // column 2 codes are 92012, 92014, 77427, 99499, and 92015 and 9921F, which the policy does not name.
    private static readonly PtpTable Part2 = (PtpTable)NcciLoader.Load(new MemoryStream(Encoding.ASCII.GetBytes(
        "Column 1\tColumn 2\t*=in existence\tEffective\tDeletion\tModifier\tPTP Edit Rationale\r\n"
        + "0001A\t77427\t\t20220101\t*\t1\tMisuse of Column Two code with Column One code\r\n"
        + "0001A\t92012\t\t20220101\t*\t1\tMisuse of Column Two code with Column One code\r\n"
        + "0001A\t92014\t\t20220101\t*\t1\tMisuse of Column Two code with Column One code\r\n"
        + "0001A\t92015\t\t20220101\t*\t1\tMisuse of Column Two code with Column One code\r\n"
        + "0001A\t9921F\t\t20220101\t*\t1\tMisuse of Column Two code with Column One code\r\n"
        + "0001A\t99499\t\t20220101\t*\t1\tMisuse of Column Two code with Column One code\r\n")), "ccipra-v322r0-f2.txt")[0];

    private static readonly NcciChecker Checker = new(NcciCatalog.Create([NcciLoaderTests.Ptp, Part2, NcciLoaderTests.Mue, PackagedNcci.AddOnEdits]));

    private static ClaimLine Line(string code, string modifiers = "", int units = 1, DateOnly? date = null)
        => new(date ?? Day, HcpcsCode.Parse(code), ModifierSet.Parse(modifiers)) { Units = units };

    /// <summary>
    /// CMS MLN1783722 "Proper Use of Modifiers 59 &amp; -X{EPSU}" (from the NCCI Policy Manual for Medicare Services,
    /// Chapter I, Section E): 59 and -X{EPSU} are for services other than E/M services; for 99201-99499, 92012-92014
    /// and 77427 with 59 or XE/XP/XS/XU "the A/B MAC shall process the claim as if the modifier were not present".
    /// </summary>
    [Theory]
    [InlineData("99213", "59")]
    [InlineData("99213", "XE")]
    [InlineData("99213", "XP")]
    [InlineData("99213", "XS")]
    [InlineData("99213", "XU")]
    [InlineData("99499", "59")]
    [InlineData("92012", "XS")]
    [InlineData("92014", "59")]
    [InlineData("77427", "XU")]
    public void Cms_MLN1783722_59_and_X_EPSU_on_EM_92012_92014_and_77427_are_processed_as_if_absent(string code, string modifier)
    {
        var f = Assert.Single(Checker.Check([Line("0001A"), Line(code, modifier)]).Findings);
        Assert.Equal(NcciFindingKind.PtpColumn2Denied, f.Kind);
        Assert.Equal(2, f.DeniedLine);
        Assert.Equal("CO-97", f.DenialCode);
        Assert.Contains($"{modifier} on {code} does not bypass an edit (processed as if absent)", f.Reason, StringComparison.Ordinal);
        Assert.Contains("modifier 25 (57 for the decision for surgery)", f.Fix, StringComparison.Ordinal);
    }

    /// <summary>CMS MLN1783722 and the NCCI Policy Manual, Chapter I, Section E: 25 (and 57) make an E/M service separately identifiable; an anatomic modifier still counts.</summary>
    [Theory]
    [InlineData("99213", "25")]
    [InlineData("99213", "57")]
    [InlineData("99213", "59,25")]
    [InlineData("92012", "25")]
    [InlineData("92015", "59")]
    [InlineData("9921F", "XU")]
    public void Cms_MLN1783722_25_or_57_on_an_EM_service_and_59_on_other_codes_bypass_indicator_1(string code, string modifiers)
    {
        var f = Assert.Single(Checker.Check([Line("0001A"), Line(code, modifiers)]).Findings);
        Assert.Equal(NcciFindingKind.PtpBypassed, f.Kind);
        Assert.Null(f.DeniedLine);
        Assert.Empty(f.DeniedLines);
    }

    /// <summary>
    /// CMS's Medicare NCCI Medically Unlikely Edits page (MUE adjudication indicators 2 and 3 are date of service
    /// edits): the units of the code on all lines of the date are summed, and over the MUE every line of the code on
    /// that date is denied.
    /// </summary>
    [Fact]
    public void Cms_MUE_MAI_2_and_3_deny_every_line_of_the_code_on_the_date()
    {
        var july = new DateOnly(2026, 7, 15);
        var f = Assert.Single(Checker.Check([Line("0002M", date: july), Line("0591T", date: july.AddDays(1)), Line("0002M", "91", date: july), Line("0002M", "91", date: july)]).Findings);
        Assert.Equal(NcciFindingKind.MueDateExceeded, f.Kind);
        Assert.Equal([1, 3, 4], f.DeniedLines);
        Assert.Equal(1, f.DeniedLine);
        Assert.Equal(2, f.UnitsOver);
        Assert.Contains("every line of 0002M on the date is denied (lines 1, 3, 4)", f.Reason, StringComparison.Ordinal);

        var one = Assert.Single(Checker.Check([Line("0001U", units: 2, date: july)]).Findings);
        Assert.Equal([1], one.DeniedLines);
        Assert.Contains("line 1 is denied", one.Reason, StringComparison.Ordinal);
    }

    /// <summary>
    /// Medicare Claims Processing Manual, Pub. 100-04, Chapter 12, §30.6.12: 99292 may be paid without 99291 on the same
    /// claim when a physician of the same group and specialty billed 99291 that day; one claim cannot show it.
    /// </summary>
    [Fact]
    public void Cms_Claims_Processing_Manual_12_30_6_12_99292_without_99291_says_the_primary_may_be_on_another_claim()
    {
        var may = new DateOnly(2026, 5, 1);
        var f = Assert.Single(Checker.Check([Line("99292", date: may)]).Findings);
        Assert.Equal(NcciFindingKind.AddOnWithoutPrimary, f.Kind);
        Assert.Contains("same group and specialty billed 99291", f.Fix, StringComparison.Ordinal);
        Assert.Contains("§30.6.12", f.Fix, StringComparison.Ordinal);
        Assert.Empty(Checker.Check([Line("99291", date: may), Line("99292", date: may)]).Findings.Where(x => x.Kind == NcciFindingKind.AddOnWithoutPrimary));

        var other = Assert.Single(Checker.Check([Line("0071U", date: may)]).Findings);
        Assert.DoesNotContain("another claim", other.Fix, StringComparison.Ordinal);
    }
}
