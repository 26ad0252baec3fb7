using System.Globalization;
using System.Text.RegularExpressions;

namespace MedPayIQ.Insights.Tests;

/// <summary>The sources themselves: one ordered list and its documentation, rates read from the payment rules, the calculator given.</summary>
public partial class InsightSourcesTests
{
    [Fact]
    public void Every_insight_kind_has_one_source_in_the_ordered_list()
    {
        Assert.Equal(InsightSources.Order.Distinct().Count(), InsightSources.Order.Length);
        Assert.Equal(Enum.GetValues<InsightKind>().Order(), InsightSources.Order.Order());
    }

    [Theory]
    [InlineData("27447")]
    [InlineData("77321")]
    [InlineData("45380")]
    [InlineData("99292")]
    [InlineData("0001U")]
    [InlineData("36591")]
    [InlineData("80053")]
    [InlineData("0614U")]
    [InlineData("E0601")]
    [InlineData("B4034")]
    public void Each_source_adds_insights_of_its_own_kind_only(string code)
    {
        foreach (var source in InsightSources.Ordered)
        {
            var context = new InsightContext(HcpcsCode.Parse(code), new InsightRequest(Data.Rvu26C), PackagedFeeSchedules.Catalog.Resolve(Data.Rvu26C).Release,
                PackagedFeeSchedules.Catalog, Data.Calculator, Data.Ncci);
            source.Add(context);
            Assert.All(context.Insights, i => Assert.Equal(source.Kind, i.Kind));
        }
    }

    [Fact]
    public void The_kinds_table_of_docs_insights_md_is_the_ordered_list()
    {
        string page = File.ReadAllText(Path.Combine(Repository(), "docs", "insights.md"));
        var documented = KindRow().Matches(page)
            .SelectMany(m => Regex.Matches(m.Groups[1].Value, "`([A-Za-z]+)`").Select(k => k.Groups[1].Value))
            .ToList();
        Assert.Equal(InsightSources.Order.Select(k => k.ToString()), documented);
    }

    [Fact]
    public void Every_rate_a_surgery_insight_states_is_the_payment_rule_s_and_so_is_its_amount()
    {
        // 27447 RVU25D national facility: BILAT SURG 1, ASST SURG 2, CO-SURG 1, MULT PROC 2.
        var report = Data.For("27447", Data.Rvu25D, PricingSetting.Facility);
        decimal fee = Data.Price("27447", Data.Rvu25D, setting: PricingSetting.Facility);

        var bilateral = Assert.Single(report.OfKind(InsightKind.Bilateral));
        decimal both = PaymentRates.BilateralShare(BilateralSurgeryIndicator.Adjustment150);
        Assert.Equal([Percent(both)], Percents(bilateral.Text));
        Assert.Equal(Round(fee * both), bilateral.Impact);

        var assistant = Assert.Single(report.OfKind(InsightKind.AssistantAtSurgery));
        Assert.Equal([Percent(PaymentRates.AssistantAtSurgeryShare), Percent(PaymentRates.NonPhysicianAssistantAtSurgeryShare)], Percents(assistant.Text));
        Assert.Equal([Round(fee * PaymentRates.AssistantAtSurgeryShare), Round(fee * PaymentRates.NonPhysicianAssistantAtSurgeryShare)], assistant.Amounts.Select(a => a.Amount));

        var coSurgery = Assert.Single(report.OfKind(InsightKind.CoSurgery));
        Assert.Equal([Percent(PaymentRates.CoSurgeonShare)], Percents(coSurgery.Text));
        Assert.Equal(Round(fee * PaymentRates.CoSurgeonShare), coSurgery.Impact);

        var multiple = Assert.Single(report.OfKind(InsightKind.MultipleProcedure));
        Assert.Equal([Percent(PaymentRates.SecondProcedureShare)], Percents(multiple.Text));
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"the {PaymentRates.LastProcedurePricedByRule + 1}th and later by report"), multiple.Text, StringComparison.Ordinal);
        Assert.Equal([fee, Round(fee * PaymentRates.SecondProcedureShare)], multiple.Amounts.Select(a => a.Amount));
    }

    [Theory]
    [InlineData(MultipleProcedureIndicator.DiagnosticImaging)]
    [InlineData(MultipleProcedureIndicator.DiagnosticCardiovascular)]
    [InlineData(MultipleProcedureIndicator.DiagnosticOphthalmology)]
    [InlineData(MultipleProcedureIndicator.Therapy)]
    public void Every_rate_a_multiple_procedure_insight_states_is_the_payment_rule_s(MultipleProcedureIndicator indicator)
    {
        // The first active code of RVU25D with the indicator (found in the release, not made up).
        var code = PackagedFeeSchedules.Get(ReleaseId.Parse("RVU25D")).Rvus.Rows
            .First(r => r.MultipleProcedure == indicator && !r.Modifier.IsSome && r.Status == StatusCode.Active).Hcpcs;
        var insight = Assert.Single(Data.Insights.For(code, new InsightRequest(Data.Rvu25D)).OfKind(InsightKind.MultipleProcedure));
        string[] expected = indicator switch
        {
            MultipleProcedureIndicator.DiagnosticImaging => [Percent(PaymentRates.DiagnosticTechnicalComponentShare(indicator)), Percent(PaymentRates.DiagnosticProfessionalComponentShare(indicator))],
            MultipleProcedureIndicator.Therapy => [Percent(PaymentRates.TherapyPracticeExpenseShare)],
            _ => [Percent(PaymentRates.DiagnosticTechnicalComponentShare(indicator))],
        };
        Assert.Equal(expected, Percents(insight.Text));
    }

    [Fact]
    public void The_pre_1995_rule_no_packaged_code_follows_states_the_rule_s_rates()
        => Assert.Equal([Percent(PaymentRates.SecondProcedureShare), Percent(PaymentRates.ThirdProcedureShareBefore1995)],
            Percents(MultipleProcedureSource.Rule(MultipleProcedureIndicator.Standard1995)));

    [Fact]
    public void Code_insights_price_with_the_calculator_they_are_given()
    {
        // A calculator over RVU25A alone: in November 2025 it still prices with RVU25A, and so do the insights.
        var calculator = new PaymentCalculator(FeeScheduleCatalog.Create([PackagedFeeSchedules.Get(ReleaseId.Parse("RVU25A"))]));
        var report = new CodeInsights(calculator, null).For(HcpcsCode.Parse("77321"), new InsightRequest(new DateOnly(2025, 11, 3)));
        Assert.Equal("RVU25A", report.Release!.Id.ToString());
        var price = Assert.Single(report.OfKind(InsightKind.Price));
        Assert.Equal(calculator.Price(price.Amounts[0].Claim).Lines[0].AllowedAmount, price.Impact);
        Assert.Equal(92.51m, price.Impact);
        Assert.Equal("RVU25D", Data.For("77321", new DateOnly(2025, 11, 3)).Release!.Id.ToString());

        // The catalog constructor builds its own calculator over the catalog: the same report.
        var byCatalog = new CodeInsights(PackagedFeeSchedules.Catalog, Data.Ncci).For(HcpcsCode.Parse("27447"), new InsightRequest(Data.Rvu25D));
        Assert.Equal(Data.For("27447", Data.Rvu25D).Insights.Select(i => i.Text), byCatalog.Insights.Select(i => i.Text));
    }

    [Fact]
    public void The_NCCI_insights_carry_their_rows_and_the_report_its_tables()
    {
        var report = Data.For("0001U", Data.Rvu26C);
        Assert.Equal(1, Assert.Single(report.OfKind(InsightKind.UnitsLimit)).Mue?.Value);
        Assert.All(report.OfKind(InsightKind.Bundles), b => Assert.Equal(b.RelatedCodes[0], b.PtpEdit?.Column2));
        Assert.Equal([NcciTableKind.MuePractitioner, NcciTableKind.PtpPractitioner, NcciTableKind.AddOn], report.NcciTables.Select(t => t.Kind));
        Assert.Contains(report.Notes, n => n.EndsWith("0001U is not an add-on code, and no add-on code lists it as a primary.", StringComparison.Ordinal));

        var addOn = Assert.Single(Data.For("99292", Data.Rvu26C).OfKind(InsightKind.AddOn));
        Assert.All(addOn.AddOnEdits, e => Assert.Equal(HcpcsCode.Parse("99292"), e.AddOn));
        Assert.Contains(addOn.AddOnEdits, e => e.Primary == HcpcsCode.Parse("99291"));
        Assert.All(Data.For("99292", Data.Rvu26C).Insights.Where(i => i.Kind != InsightKind.AddOn), i => Assert.Empty(i.AddOnEdits));
    }

    private static string Percent(decimal share) => (share * 100m).ToString("0.##", CultureInfo.InvariantCulture) + "%";

    private static string[] Percents(string text) => [.. PercentIn().Matches(text).Select(m => m.Value)];

    private static decimal Round(decimal amount) => Math.Round(amount, 2, MidpointRounding.AwayFromZero);

    private static string Repository()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MedPayIQ.Pricing.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("The repository root was not found.");
    }

    /// <summary>A row of the kinds table: its first cell names one or more kinds in backticks.</summary>
    [GeneratedRegex(@"^\| ((?:`[A-Za-z]+`(?:, )?)+) \|", RegexOptions.Multiline)]
    private static partial Regex KindRow();

    [GeneratedRegex(@"[0-9]+(?:\.[0-9]+)?%")]
    private static partial Regex PercentIn();
}
