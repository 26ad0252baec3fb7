using System.Globalization;
using System.Text.RegularExpressions;

namespace MedPayIQ.Insights.Tests;

/// <summary>
/// Insights of codes the other Part B schedules pay, on the packaged CMS files (CLFS 2025 Q2, 2026 Q1, 2026 Q2;
/// DMEPOS April 2025 and January 2026 with their rural ZIP code files): the schedule and amount, cost sharing, a lab
/// rate's change between quarters, DMEPOS rural amounts. Every figure recomputes; every rate is the payment rules'.
/// </summary>
public partial class PartBScheduleInsightTests
{
    private static readonly DateOnly April2026 = new(2026, 4, 6);
    private static readonly DateOnly January2026 = new(2026, 1, 5);
    private static readonly DateOnly May2025 = new(2025, 5, 12);

    private static CodeInsightReport For(string code, DateOnly date, string? beneficiaryZip = null, PaymentCalculator? calculator = null)
    {
        var insights = calculator is null ? Data.Insights : new CodeInsights(calculator, Data.Ncci);
        var report = insights.For(HcpcsCode.Parse(code), new InsightRequest(date) { BeneficiaryZip = beneficiaryZip });
        Data.AssertEveryFigureRecomputes(report, calculator);
        return report;
    }

    [Fact]
    public void A_lab_test_names_its_CLFS_quarter_and_rate_80053_2026_Q2_10_56_not_a_physician_fee_schedule_price()
    {
        var report = For("80053", April2026);
        var schedule = Assert.Single(report.OfKind(InsightKind.PartBSchedule));
        Assert.Equal(10.56m, schedule.Impact);
        Assert.Contains("Clinical Laboratory Fee Schedule", schedule.Text, StringComparison.Ordinal);
        Assert.Contains("CLFS 2026 Q2 on 2026-04-06, rate $10.56 per test", schedule.Text, StringComparison.Ordinal);
        var evidence = Assert.Single(schedule.Evidence);
        Assert.Equal("PUF_CLFS_CY2026_Q2V1.csv", evidence.File);
        Assert.Equal(PackagedFeeSchedules.ClinicalLab[2].Provenance.Files[0].Sha256, evidence.Sha256);
        Assert.Contains("80053 rate 10.56 (indicator N, national limit)", evidence.Row, StringComparison.Ordinal); // the rule's step
        Assert.Empty(report.OfKind(InsightKind.Price)); // status X in the PPRRVU: the fee schedule's price is not stated
        Assert.Empty(report.OfKind(InsightKind.DmeposRural));
    }

    [Fact]
    public void A_lab_test_is_paid_in_full_with_no_deductible_or_coinsurance_at_the_rules_rates()
    {
        var sharing = Assert.Single(For("80053", April2026).OfKind(InsightKind.CostSharing));
        Assert.False(PaymentRates.DeductibleApplies(PaymentSchedule.ClinicalLaboratory));
        Assert.Equal([Percent(1m - PaymentRates.ScheduleCoinsuranceRate(PaymentSchedule.ClinicalLaboratory))], Percents(sharing.Text));
        Assert.Equal("100%", Percents(sharing.Text)[0]);
        // Priced with the deductible unmet: none of it is taken, Medicare pays the whole allowed amount.
        Assert.Equal([10.56m, 0m, 0m, 10.56m], sharing.Amounts.Select(a => a.Amount));
        Assert.Equal([InsightMeasure.AllowedAmount, InsightMeasure.Deductible, InsightMeasure.Coinsurance, InsightMeasure.MedicarePayment], sharing.Amounts.Select(a => a.Measure));
        Assert.Equal(10.56m, sharing.Amounts[0].Claim.DeductibleRemaining);
        Assert.Contains("ch. 16 section 30", sharing.Evidence[0].Row, StringComparison.Ordinal);
    }

    [Fact]
    public void A_lab_rate_unchanged_between_2026_Q1_and_Q2_says_so_with_both_rates_priced()
    {
        var change = Assert.Single(For("80053", April2026).OfKind(InsightKind.LabRateChange));
        Assert.Equal("80053's CLFS rate is unchanged from CLFS 2026 Q1: $10.56 in both quarters.", change.Text);
        Assert.Equal([new DateOnly(2026, 3, 31), April2026], change.Amounts.Select(a => a.Claim.Lines[0].DateOfService));
        Assert.Equal(["CLFS 2026 Q1V1.csv", "PUF_CLFS_CY2026_Q2V1.csv"], change.Evidence.Select(e => e.File).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_lab_rate_change_from_the_latest_earlier_quarter_loaded_0340U_3920_to_3590()
    {
        // CLFS 2025 Q2V1.csv: 0340U N 03920.00; CLFS 2026 Q1V1 (workbook): 3590. 2025 Q3 and Q4 are not packaged.
        var change = Assert.Single(For("0340U", January2026).OfKind(InsightKind.LabRateChange));
        Assert.Equal("0340U's CLFS rate changed from $3,920.00 in CLFS 2025 Q2 (the latest quarter loaded before CLFS 2026 Q1; the quarters between are not loaded) to $3,590.00 in CLFS 2026 Q1.", change.Text);
        Assert.Equal(3590m, change.Impact);
        Assert.Equal([3920m, 3590m], change.Amounts.Select(a => a.Amount));
    }

    [Fact]
    public void An_L_indicator_lab_test_is_contractor_priced_in_the_rule_s_words_with_no_amount()
    {
        // 0614U: new in CLFS 2026 Q2 with indicator L (rate 00000.00).
        var report = For("0614U", April2026);
        var schedule = Assert.Single(report.OfKind(InsightKind.PartBSchedule));
        Assert.Null(schedule.Impact);
        Assert.Empty(schedule.Amounts);
        var line = Data.Calculator.Price(new Claim([new ClaimLine(April2026, HcpcsCode.Parse("0614U"), default)])).Lines[0];
        Assert.Equal(PriceOutcome.CarrierPriced, line.Outcome);
        Assert.EndsWith(line.Reason, schedule.Text, StringComparison.Ordinal); // the rule's sentence, not restated
        Assert.Contains("indicator L", schedule.Text, StringComparison.Ordinal);
        Assert.Empty(report.OfKind(InsightKind.CostSharing));
        Assert.Equal("0614U is new in CLFS 2026 Q2: CLFS 2026 Q1 does not list it.", Assert.Single(report.OfKind(InsightKind.LabRateChange)).Text);

        // 0020M: contractor priced in 2025 Q2, a national limit of 2500 in 2026 Q1.
        var national = Assert.Single(For("0020M", January2026).OfKind(InsightKind.LabRateChange));
        Assert.StartsWith("0020M was priced by the Medicare contractor in CLFS 2025 Q2", national.Text, StringComparison.Ordinal);
        Assert.EndsWith("CLFS 2026 Q1 sets a national limit of $2,500.00.", national.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_DMEPOS_item_states_each_row_s_amount_and_the_rural_difference_in_the_beneficiary_s_state()
    {
        // DMEPOS25_APR.csv E0601-RR California: non-rural 49.12, rural 91.03; 90704 is a rural ZIP code in 2025 Q2.
        var report = For("E0601", May2025, beneficiaryZip: "90704");
        var schedule = Assert.Single(report.OfKind(InsightKind.PartBSchedule));
        Assert.Contains("DMEPOS 2025 Q2", schedule.Text, StringComparison.Ordinal);
        Assert.Contains("E0601-RR $91.03", schedule.Text, StringComparison.Ordinal);
        Assert.Contains(schedule.Amounts, a => a.Label == "E0601-RR" && a.Amount == 91.03m);

        var rural = Assert.Single(report.OfKind(InsightKind.DmeposRural));
        Assert.Contains("In CA, DMEPOS 2025 Q2 pays rural ZIP codes differently", rural.Text, StringComparison.Ordinal);
        Assert.Contains("E0601-RR rural $91.03, non-rural $49.12", rural.Text, StringComparison.Ordinal);
        Assert.EndsWith("The beneficiary's ZIP code 90704 is rural in DMEPOS ZIP 2025 Q2.", rural.Text, StringComparison.Ordinal);
        var rr = rural.Amounts.Where(a => a.Label.StartsWith("E0601-RR ", StringComparison.Ordinal)).ToList();
        Assert.Equal([91.03m, 49.12m], rr.Select(a => a.Amount));
        Assert.All(rr, a => Assert.Equal("CA", PackagedFeeSchedules.Get(ReleaseId.Parse("RVU25D")).Zips.TryGet(a.Claim.BeneficiaryZip!, out var z) ? z.State : null));

        // 80 % / 20 % after the deductible, the rule's rates.
        var sharing = Assert.Single(report.OfKind(InsightKind.CostSharing));
        decimal rate = PaymentRates.ScheduleCoinsuranceRate(PaymentSchedule.Dmepos);
        Assert.True(PaymentRates.DeductibleApplies(PaymentSchedule.Dmepos));
        Assert.Equal([Percent(1m - rate), Percent(rate)], Percents(sharing.Text));
        Assert.Equal(["80%", "20%"], Percents(sharing.Text));
        decimal allowed = sharing.Amounts[0].Amount;
        Assert.Equal(Math.Round(allowed * rate, 2, MidpointRounding.AwayFromZero), sharing.Amounts[1].Amount);
    }

    [Fact]
    public void A_DMEPOS_item_without_the_beneficiary_s_ZIP_code_says_what_is_missing_in_the_rule_s_words()
    {
        var report = For("E0601", May2025);
        var schedule = Assert.Single(report.OfKind(InsightKind.PartBSchedule));
        Assert.Null(schedule.Impact);
        Assert.Contains("give the beneficiary's ZIP code (BeneficiaryZip, --beneficiary-zip).", schedule.Text, StringComparison.Ordinal);
        Assert.Empty(report.OfKind(InsightKind.DmeposRural));
        Assert.Empty(report.OfKind(InsightKind.CostSharing));
    }

    [Fact]
    public void A_DMEPOS_beneficiary_in_a_former_CBA_is_named_and_a_ZIP_location_stands_for_the_beneficiary_s()
    {
        // 94110 is in the former San Francisco CA CBA (2025 Q2 ZIP file): E0601-RR is priced from formerCBA_APR2025.csv, 53.09.
        var report = Data.Insights.For(HcpcsCode.Parse("E0601"), new InsightRequest(May2025, PricingLocation.OfZip("94110")));
        Data.AssertEveryFigureRecomputes(report);
        Assert.Contains(Assert.Single(report.OfKind(InsightKind.PartBSchedule)).Amounts, a => a.Label == "E0601-RR" && a.Amount == 53.09m);
        var rural = Assert.Single(report.OfKind(InsightKind.DmeposRural));
        Assert.Contains("E0601-RR rural $91.03, non-rural $49.12", rural.Text, StringComparison.Ordinal);
        Assert.Contains("The beneficiary's ZIP code 94110 is in the former competitive bidding area", rural.Text, StringComparison.Ordinal);
    }

    /// <summary>
    /// The ASP file is an UNVERIFIED reconstruction of CMS's July 2026 payment limit file: this checks that the
    /// insights state what the calculator computes from whatever ASP file is loaded, not CMS's amounts.
    /// </summary>
    [Fact]
    public void A_drug_states_its_ASP_payment_limit_and_the_file_s_coinsurance_from_an_unverified_ASP_file()
    {
        var asp = DrugPaymentLimitLoader.Load(Data.Path("asp-unverified/July 2026 ASP Pricing File.RECONSTRUCTED.csv"), null);
        var calculator = new PaymentCalculator(PackagedFeeSchedules.Catalog.With(asp));
        var report = For("J0121", new DateOnly(2026, 7, 15), calculator: calculator);
        var schedule = Assert.Single(report.OfKind(InsightKind.PartBSchedule));
        Assert.Contains($"{asp.Name} on 2026-07-15, payment limit $4.19 per billing unit (1 MG)", schedule.Text, StringComparison.Ordinal);
        Assert.True(asp.TryGet(HcpcsCode.Parse("J0121"), out var limit));
        var sharing = Assert.Single(report.OfKind(InsightKind.CostSharing));
        Assert.Contains($"the beneficiary {limit.CoinsurancePercent.ToString("0.###", CultureInfo.InvariantCulture)}% coinsurance (the Co-insurance Percentage of {asp.Name})", sharing.Text, StringComparison.Ordinal);
        Assert.Empty(report.OfKind(InsightKind.LabRateChange));
    }

    [Fact]
    public void A_physician_fee_schedule_code_has_no_Part_B_schedule_insight()
    {
        var report = For("77321", April2026);
        Assert.DoesNotContain(report.Insights, i => i.Kind is InsightKind.PartBSchedule or InsightKind.CostSharing or InsightKind.LabRateChange or InsightKind.DmeposRural);
        Assert.Single(report.OfKind(InsightKind.Price));
    }

    private static string Percent(decimal share) => (share * 100m).ToString("0.##", CultureInfo.InvariantCulture) + "%";

    private static string[] Percents(string text) => [.. PercentIn().Matches(text).Select(m => m.Value)];

    [GeneratedRegex(@"[0-9]+(?:\.[0-9]+)?%")]
    private static partial Regex PercentIn();
}
