using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using FsCheck.Xunit;

namespace MedPayIQ.Insights.Tests;

internal static class Data
{
    public static string Path(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "data", name);

    /// <summary>CMS's practitioner PTP edits v32.2r0 part 1 (excerpt) and MUE 2026-07-01 (excerpt), with the packaged add-on edits.</summary>
    public static NcciCatalog Ncci { get; } = NcciCatalog.Create(
        NcciLoader.Load(Path("ccipra-v322r0-f1.excerpt.txt"))
            .Concat(NcciLoader.Load(Path("MCR_MUE_PractitionerServices_Eff_07-01-2026.excerpt.csv")))
            .Append(PackagedNcci.AddOnEdits));

    public static PaymentCalculator Calculator { get; } = new(PackagedFeeSchedules.Catalog);

    public static CodeInsights Insights { get; } = new(Calculator, Ncci);

    public static DateOnly Rvu25A => new(2025, 1, 1);

    public static DateOnly Rvu25D => new(2025, 10, 1);

    public static DateOnly Rvu26C => new(2026, 7, 1);

    public static CodeInsightReport For(string code, DateOnly date, PricingSetting? setting = null, PricingLocation location = default)
        => Insights.For(HcpcsCode.Parse(code), new InsightRequest(date, location, setting));

    public static decimal Price(string code, DateOnly date, string? modifier = null, PricingSetting setting = PricingSetting.NonFacility)
    {
        var price = Calculator.Price(new ServiceRequest(HcpcsCode.Parse(code), modifier is null ? Modifier.None : Modifier.Parse(modifier), date, PricingLocation.National, setting));
        Assert.Equal(PriceOutcome.Priced, price.Outcome);
        return price.AllowedAmount;
    }

    /// <summary>
    /// The law: every dollar figure an insight's text states is one of its amounts, and each amount is what the
    /// calculator gives for the claim it names (recomputed here, from scratch); the impact is one of the amounts.
    /// </summary>
    public static void AssertEveryFigureRecomputes(CodeInsightReport report, PaymentCalculator? calculator = null)
    {
        calculator ??= Calculator;
        foreach (var insight in report.Insights)
        {
            var stated = Regex.Matches(insight.Text, @"\$([0-9,]+\.[0-9]{2})").Select(m => decimal.Parse(m.Groups[1].Value, NumberStyles.Number, CultureInfo.InvariantCulture)).ToList();
            foreach (var figure in stated)
            {
                Assert.True(insight.Amounts.Any(a => a.Amount == figure), $"{report.Hcpcs} [{insight.Kind}] states ${figure} that is not among its amounts: {insight.Text}");
            }

            foreach (var a in insight.Amounts)
            {
                var line = calculator.Price(a.Claim).Lines[a.LineNumber - 1];
                decimal recomputed = a.Measure switch
                {
                    InsightMeasure.AllowedAmount => line.AllowedAmount,
                    InsightMeasure.AmountBeforeOppsCap => line.Service.AmountBeforeOppsCap,
                    InsightMeasure.MedicarePayment => line.MedicarePayment,
                    InsightMeasure.Deductible => line.Deductible,
                    InsightMeasure.Coinsurance => line.Coinsurance,
                    _ => line.Service.OppsCapAmount ?? -1m,
                };
                Assert.True(recomputed == a.Amount, $"{report.Hcpcs} [{insight.Kind}] {a.Label}: insight {a.Amount}, calculator {recomputed}");
                Assert.True(a.Amount >= 0m);
            }

            if (insight.Impact is { } impact)
            {
                Assert.Contains(insight.Amounts, a => a.Amount == impact);
            }

            Assert.NotEmpty(insight.Evidence);
        }

        AssertInOrder(report);
    }

    /// <summary>The insights of a report come in the one order of the sources.</summary>
    public static void AssertInOrder(CodeInsightReport report)
    {
        var ranks = report.Insights.Select(i => InsightSources.Order.IndexOf(i.Kind)).ToList();
        Assert.Equal(ranks.Order(), ranks);
    }
}

public class CodeInsightsTests
{
    [Fact]
    public void _77321_under_RVU25A_states_what_its_code_page_states()
    {
        var report = Data.For("77321", Data.Rvu25A);
        Assert.Equal("RVU25A", report.Release!.Id.ToString());

        var price = Assert.Single(report.OfKind(InsightKind.Price));
        Assert.Equal(92.51m, price.Impact);
        Assert.Contains("National amount under RVU25A", price.Text, StringComparison.Ordinal);
        Assert.Contains("$92.51 facility (NA)", price.Text, StringComparison.Ordinal);

        var components = Assert.Single(report.OfKind(InsightKind.Components));
        Assert.Equal([92.51m, 48.84m, 43.67m], components.Amounts.Select(a => a.Amount));
        Assert.Contains("global $92.51 = professional component (26) $48.84 + technical component (TC) $43.67", components.Text, StringComparison.Ordinal);

        var opps = Assert.Single(report.OfKind(InsightKind.OppsCap));
        Assert.StartsWith("No OPPS cap", opps.Text, StringComparison.Ordinal);
        Assert.Null(opps.Impact);

        // Facility NA on the global and the TC, not on the 26: in a facility the practitioner bills 77321-26.
        var na = Assert.Single(report.OfKind(InsightKind.SettingNotApplicable));
        Assert.Equal(["77321 (global): FACILITY NA INDICATOR NA", "77321-TC: FACILITY NA INDICATOR NA"], na.Evidence.Select(e => e.Row));
        Assert.Equal(48.84m, na.Impact);
        Assert.Contains("bills 77321-26, $48.84 in the facility setting", na.Text, StringComparison.Ordinal);

        Assert.Contains("XXX", Assert.Single(report.OfKind(InsightKind.GlobalPeriod)).Text, StringComparison.Ordinal);
        Assert.Empty(report.OfKind(InsightKind.Status)); // status A
        Assert.Empty(report.OfKind(InsightKind.CoSurgery)); // not a procedure, indicators 0
        Assert.Empty(report.OfKind(InsightKind.Family));
        Assert.Empty(report.OfKind(InsightKind.AddOn));
        Assert.All(report.Insights.SelectMany(i => i.Evidence).Where(e => e.Dataset == "RVU25A"),
            e => Assert.Equal("d6cdc8c6b81336e9a3b79e41d65feff1339fc563c3294397d73f1f9e994d019c", e.Sha256));
        Data.AssertEveryFigureRecomputes(report);
    }

    [Fact]
    public void _77321_has_no_PTP_pair_or_MUE_in_the_excerpts_and_the_report_says_so_instead_of_inventing_one()
    {
        var report = Data.For("77321", Data.Rvu25A);
        Assert.Empty(report.OfKind(InsightKind.BundledInto));
        Assert.Empty(report.OfKind(InsightKind.Bundles));
        Assert.Empty(report.OfKind(InsightKind.UnitsLimit));
        Assert.Contains(report.Notes, n => n.Contains("no practitioner MUE for 77321", StringComparison.Ordinal));
    }

    [Fact]
    public void A_units_limit_puts_the_whole_line_of_one_unit_too_many_at_risk()
    {
        // The MUE excerpt has no 77321 row, so this table is made for the test, in CMS's layout, to show the dollar
        // impact of a duplicate line: 1 unit per date of service (MAI 3) puts a 2-unit line, 2 x 92.51, at risk.
        const string Mue = "\"HCPCS/\r\nCPT Code\",Practitioner Services MUE Values,MUE Adjudication Indicator,MUE Rationale\r\n77321,1,3 Date of Service Edit: Clinical,Clinical: Data\r\n";
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(Mue));
        var table = NcciLoader.Load(stream, "MCR_MUE_PractitionerServices_Eff_01-01-2025.csv");
        var insights = new CodeInsights(PackagedFeeSchedules.Catalog, NcciCatalog.Create(table));
        var report = insights.For(HcpcsCode.Parse("77321"), new InsightRequest(Data.Rvu25A));

        var limit = Assert.Single(report.OfKind(InsightKind.UnitsLimit));
        Assert.Equal(185.02m, limit.Impact);
        Assert.Equal(2 * Data.Price("77321", Data.Rvu25A), limit.Impact);
        Assert.StartsWith("Bill at most 1 unit per date of service: all units of the code that date are denied when they add up to more (MAI 3", limit.Text, StringComparison.Ordinal);
        Assert.Contains("a line of 2 units, $185.02, is at risk", limit.Text, StringComparison.Ordinal);
        Data.AssertEveryFigureRecomputes(report);
    }

    [Fact]
    public void A_real_MUE_row_of_a_lab_code_states_the_limit_with_the_amount_of_its_CLFS_rate()
    {
        // 0001U is in no RVU file; the packaged CLFS 2026 Q2 prices it at 720.00 (used for July: the Q3 file is not packaged).
        var report = Data.For("0001U", Data.Rvu26C);
        var limit = Assert.Single(report.OfKind(InsightKind.UnitsLimit));
        Assert.StartsWith("Bill at most 1 unit per date of service", limit.Text, StringComparison.Ordinal);
        Assert.Contains("MAI 2", limit.Text, StringComparison.Ordinal);
        Assert.Equal(2 * 720.00m, limit.Impact);
        Assert.Equal("0001U: MUE 1, MAI 2, Code Descriptor / CPT Instruction", Assert.Single(limit.Evidence).Row);
    }

    [Fact]
    public void A_column_2_code_is_denied_with_its_column_1_code_and_its_own_amount_is_at_risk()
    {
        // ccipra-v322r0-f1: 0001U | 80503 | 20220101 | * | 1 | Misuse of Column Two code with Column One code.
        var report = Data.For("80503", Data.Rvu26C);
        var pair = Assert.Single(report.OfKind(InsightKind.BundledInto));
        Assert.Equal([HcpcsCode.Parse("0001U")], pair.RelatedCodes);
        Assert.Equal(Data.Price("80503", Data.Rvu26C), pair.Impact);
        Assert.Equal(26.39m, pair.Impact);
        Assert.Contains("Denied when billed with 0001U on the same date", pair.Text, StringComparison.Ordinal);
        Assert.Contains("modifier indicator 1", pair.Text, StringComparison.Ordinal);
        Assert.Contains("on the 80503 line bypasses it", pair.Text, StringComparison.Ordinal);
        Assert.Equal("PtpPractitioner 32.2r0", pair.Evidence[0].Dataset);
        Data.AssertEveryFigureRecomputes(report);
    }

    [Fact]
    public void A_column_1_code_lists_what_it_bundles_only_while_the_edits_are_in_force()
    {
        // 0001A's 62 edits were all deleted by 2023-12-31: none applies in 2026. 0001U has edits in force.
        Assert.Empty(Data.For("0001A", Data.Rvu26C).OfKind(InsightKind.Bundles));
        var bundles = Data.For("0001U", Data.Rvu26C).OfKind(InsightKind.Bundles).ToList();
        Assert.Contains(bundles, b => b.RelatedCodes[0] == HcpcsCode.Parse("80503") && b.Impact == 26.39m);
        Assert.Contains(bundles, b => b.RelatedCodes[0] == HcpcsCode.Parse("81165") && b.Impact == 282.88m); // a lab test: its CLFS 2026 Q2 rate
        Assert.DoesNotContain(bundles, b => b.RelatedCodes[0] == HcpcsCode.Parse("0029U")); // deleted 2026-06-30
        Assert.Equal(bundles.OrderByDescending(b => b.Impact ?? -1m).Select(b => b.Impact), bundles.Select(b => b.Impact));
    }

    [Fact]
    public void Status_insights_say_why_a_code_does_not_pay_and_what_a_T_status_code_risks()
    {
        var t = Assert.Single(Data.For("36591", Data.Rvu26C).OfKind(InsightKind.Status));
        Assert.StartsWith("Status T", t.Text, StringComparison.Ordinal);
        Assert.Equal(Data.Price("36591", Data.Rvu26C), t.Impact);

        Assert.StartsWith("Status B", Assert.Single(Data.For("36000", Data.Rvu26C).OfKind(InsightKind.Status)).Text, StringComparison.Ordinal);
        Assert.StartsWith("Status C", Assert.Single(Data.For("0591T", Data.Rvu26C).OfKind(InsightKind.Status)).Text, StringComparison.Ordinal);
        Assert.StartsWith("Status N", Assert.Single(Data.For("99381", Data.Rvu26C).OfKind(InsightKind.Status)).Text, StringComparison.Ordinal);
        Assert.StartsWith("Status I", Assert.Single(Data.For("77385", Data.Rvu25D).OfKind(InsightKind.Status)).Text, StringComparison.Ordinal);
        Assert.Empty(Data.For("0591T", Data.Rvu26C).OfKind(InsightKind.Price));
    }

    [Fact]
    public void Code_validity_follows_the_releases_loaded_77385_and_77386_are_gone_in_2026()
    {
        foreach (var code in new[] { "77385", "77386" })
        {
            var report = Data.For(code, Data.Rvu26C);
            var validity = Assert.Single(report.Insights);
            Assert.Equal(InsightKind.Validity, validity.Kind);
            Assert.Equal($"{code} is not in RVU26C, the release in force on 2026-07-01: it cannot be paid under the fee schedule on that date. It was last in RVU25D (from 2025-10-01) with status I.", validity.Text);
        }

        var before = Assert.Single(Data.For("77401", Data.Rvu25D).OfKind(InsightKind.Validity));
        Assert.Equal("77401 is not in the later release RVU26A (from 2026-01-01): it can be paid for dates of service before that only.", before.Text);
        Assert.Empty(Data.For("77321", Data.Rvu25D).OfKind(InsightKind.Validity));
    }

    [Fact]
    public void Add_on_codes_name_their_primaries_and_the_amount_at_risk_without_one()
    {
        var report = Data.For("99292", Data.Rvu26C);
        var addOn = Assert.Single(report.OfKind(InsightKind.AddOn));
        Assert.StartsWith("Add-on code (type 1): paid only with one of its primary codes", addOn.Text, StringComparison.Ordinal);
        Assert.Equal([HcpcsCode.Parse("99291")], addOn.RelatedCodes);
        Assert.Equal(Data.Price("99292", Data.Rvu26C), addOn.Impact);
        Assert.Contains("(CO-107)", addOn.Text, StringComparison.Ordinal);

        var primary = Assert.Single(Data.For("99291", Data.Rvu26C).OfKind(InsightKind.AddOnsAccepted));
        Assert.Contains(HcpcsCode.Parse("99292"), primary.RelatedCodes);
    }

    [Fact]
    public void Surgery_insights_state_the_amount_each_modifier_pays_rules_md_D15_to_D19()
    {
        var report = Data.For("27447", Data.Rvu25A, PricingSetting.Facility);
        Assert.Equal([993.53m, 264.10m, 125.76m], report.OfKind(InsightKind.GlobalPeriod).Last().Amounts.Select(a => a.Amount));
        Assert.Equal([1886.45m], Assert.Single(report.OfKind(InsightKind.Bilateral)).Amounts.Select(a => a.Amount));
        Assert.Equal([201.22m, 171.04m], Assert.Single(report.OfKind(InsightKind.AssistantAtSurgery)).Amounts.Select(a => a.Amount));
        Assert.Equal([786.02m], Assert.Single(report.OfKind(InsightKind.CoSurgery)).Amounts.Select(a => a.Amount));
        var team = Assert.Single(report.OfKind(InsightKind.TeamSurgery));
        Assert.Null(team.Impact);
        var multiple = Assert.Single(report.OfKind(InsightKind.MultipleProcedure));
        Assert.Equal([1257.63m, 628.82m], multiple.Amounts.Select(a => a.Amount));
        Data.AssertEveryFigureRecomputes(report);
    }

    [Fact]
    public void An_endoscopy_family_member_pays_its_amount_less_the_base_and_the_base_is_at_risk()
    {
        var member = Assert.Single(Data.For("45380", Data.Rvu25D, PricingSetting.Facility).OfKind(InsightKind.Family));
        decimal own = Data.Price("45380", Data.Rvu25D, setting: PricingSetting.Facility), @base = Data.Price("45378", Data.Rvu25D, setting: PricingSetting.Facility);
        Assert.Equal(own - @base, member.Impact);
        Assert.Equal(HcpcsCode.Parse("45378"), member.RelatedCodes[0]);

        var baseInsight = Assert.Single(Data.For("45378", Data.Rvu25D).OfKind(InsightKind.Family));
        Assert.StartsWith("45378 is the base of an endoscopy family", baseInsight.Text, StringComparison.Ordinal);
        Assert.Contains(HcpcsCode.Parse("45380"), baseInsight.RelatedCodes);
    }

    [Fact]
    public void Therapy_and_OPPS_capped_codes_show_the_amounts_the_calculator_uses()
    {
        var therapy = Assert.Single(Data.For("97110", Data.Rvu25D, PricingSetting.NonFacility).OfKind(InsightKind.MultipleProcedure));
        Assert.Equal(2, therapy.Amounts.Length);
        Assert.True(therapy.Amounts[1].Amount < 2 * therapy.Amounts[0].Amount);

        var capped = Data.For("70030", Data.Rvu25D).OfKind(InsightKind.OppsCap).ToList();
        Assert.Equal(2, capped.Count); // the global and the TC rows carry OPPS RVUs
        Assert.Equal([InsightMeasure.AmountBeforeOppsCap, InsightMeasure.OppsCapAmount, InsightMeasure.AllowedAmount], capped[0].Amounts.Select(a => a.Measure));
        Assert.Equal(Data.Price("70030", Data.Rvu25D), capped[0].Impact);
    }

    [Fact]
    public void A_date_no_release_covers_gives_notes_not_amounts()
    {
        var report = Data.For("77321", new DateOnly(2019, 6, 1));
        Assert.Null(report.Release);
        Assert.DoesNotContain(report.Insights, i => i.Amounts.Length > 0);
        Assert.Contains(report.Notes, n => n.StartsWith("No fee schedule release covers 2019-06-01", StringComparison.Ordinal));
    }

    [Fact]
    public void A_locality_prices_every_figure_there()
    {
        var key = LocalityKey.Parse("01182/18");
        var report = Data.For("77321", Data.Rvu25A, location: PricingLocation.Of(key));
        var price = Assert.Single(report.OfKind(InsightKind.Price));
        Assert.StartsWith("01182/18 amount under RVU25A", price.Text, StringComparison.Ordinal);
        Assert.NotEqual(92.51m, price.Impact);
        Assert.All(report.Insights.SelectMany(i => i.Amounts), a => Assert.Equal(key, a.Claim.Location.Locality));
        Data.AssertEveryFigureRecomputes(report);
    }

    [Fact]
    public void The_default_code_is_refused()
        => Assert.Throws<ArgumentException>(() => Data.Insights.For(default, new InsightRequest(Data.Rvu25A)));

    public static TheoryData<string> Codes => ["77321", "27447", "45380", "45378", "97110", "36591", "99292", "80503", "70030", "70015", "77387", "93000", "93010", "88305", "66984", "G0442"];

    [Theory]
    [MemberData(nameof(Codes))]
    public void Every_figure_of_every_insight_is_what_the_calculator_computes(string code)
    {
        foreach (var date in new[] { Data.Rvu25A, Data.Rvu25D, Data.Rvu26C })
        {
            Data.AssertEveryFigureRecomputes(Data.For(code, date));
            Data.AssertEveryFigureRecomputes(Data.For(code, date, PricingSetting.Facility));
        }
    }

    private static readonly HcpcsCode[] AllCodes = [.. PackagedFeeSchedules.Get(ReleaseId.Parse("RVU26C")).Rvus.Rows.Select(e => e.Hcpcs).Distinct()];

    [Property(MaxTest = 150)]
    public bool Insights_of_any_code_on_any_packaged_date_never_state_a_figure_the_calculator_would_not_compute(int seed)
    {
        var random = new Random(seed);
        var code = AllCodes[random.Next(AllCodes.Length)];
        var date = new[] { Data.Rvu25A, Data.Rvu25D, Data.Rvu26C, new DateOnly(2025, 12, 31), new DateOnly(2026, 2, 1) }[random.Next(5)];
        PricingSetting? setting = random.Next(3) switch { 0 => null, 1 => PricingSetting.Facility, _ => PricingSetting.NonFacility };
        var report = Data.Insights.For(code, new InsightRequest(date, default, setting));
        Data.AssertEveryFigureRecomputes(report);
        return report.Release is null || report.Insights.Length > 0;
    }
}
