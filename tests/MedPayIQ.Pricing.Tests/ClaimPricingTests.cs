using System.Globalization;

namespace MedPayIQ.Pricing.Tests;

/// <summary>
/// Claim rules on real RVU rows: rules.md section D worked examples (each names its source) and one test per rule of
/// section A. "calc" figures are computed by hand from the CMS files with the rule's percentage; "pub" figures are
/// printed by CMS or the source named.
/// </summary>
public class ClaimPricingTests
{
    private static readonly PaymentCalculator Calculator = new(PackagedFeeSchedules.Catalog);
    internal static readonly DateOnly Nov2025 = new(2025, 11, 3);   // RVU25D in force
    internal static readonly DateOnly Aug2026 = new(2026, 8, 3);    // RVU26C in force

    internal static ClaimLine Line(string code, string modifiers = "", int units = 1, DateOnly? date = null, decimal? charge = null)
        => new(date ?? Nov2025, HcpcsCode.Parse(code), ModifierSet.Parse(modifiers)) { Units = units, BilledCharge = charge };

    private static ClaimPrice Price(PricingSetting setting, params ClaimLine[] lines)
        => Calculator.Price(new Claim(lines) { Setting = setting });

    private static ClaimPrice Price(params ClaimLine[] lines) => Price(PricingSetting.NonFacility, lines);

    /// <summary>The fee schedule amount of one row, national, from the single-service calculator.</summary>
    private static decimal Fee(string code, string modifier = "", PricingSetting setting = PricingSetting.NonFacility, DateOnly? date = null)
        => Calculator.Price(new ServiceRequest(HcpcsCode.Parse(code), modifier.Length == 0 ? Modifier.None : Modifier.Parse(modifier), date ?? Nov2025, PricingLocation.National, setting)).FeeScheduleAmount;

    private static decimal Round(decimal amount) => Math.Round(amount, 2, MidpointRounding.AwayFromZero);

    [Fact]
    public void D17_D18_D19_27447_surgeon_assistant_cosurgeon_bilateral_split_care()
    {
        // rules.md D17-D19 (calc): 27447 2025 national facility 1,257.63; 80 16%, AS 13.6%, 62 62.5%, 50 150%; 54/55/56 shares .79/.21/.10.
        Assert.Equal(1257.63m, Price(PricingSetting.Facility, Line("27447")).AllowedAmount);
        Assert.Equal(201.22m, Price(PricingSetting.Facility, Line("27447", "80")).AllowedAmount);
        Assert.Equal(201.22m, Price(PricingSetting.Facility, Line("27447", "82")).AllowedAmount);
        Assert.Equal(171.04m, Price(PricingSetting.Facility, Line("27447", "AS")).AllowedAmount);
        Assert.Equal(786.02m, Price(PricingSetting.Facility, Line("27447", "62")).AllowedAmount);
        Assert.Equal(1886.45m, Price(PricingSetting.Facility, Line("27447", "50")).AllowedAmount);
        Assert.Equal(993.53m, Price(PricingSetting.Facility, Line("27447", "54")).AllowedAmount);
        Assert.Equal(264.10m, Price(PricingSetting.Facility, Line("27447", "55")).AllowedAmount);
        Assert.Equal(125.76m, Price(PricingSetting.Facility, Line("27447", "56")).AllowedAmount);
    }

    [Fact]
    public void Modifiers_stack_in_the_documented_order_assistant_on_a_bilateral_procedure()
    {
        // 27447-80-50: bilateral 150% first, then the assistant's 16% of that: 1,257.63 x 1.5 x 0.16 = 301.83.
        var line = Price(PricingSetting.Facility, Line("27447", "80,50")).Lines[0];
        Assert.Equal(Round(1257.63m * 1.5m * 0.16m), line.AllowedAmount);
        Assert.Equal([PricingRule.Release, PricingRule.FeeScheduleAmount, PricingRule.Bilateral, PricingRule.AssistantAtSurgery, PricingRule.Coinsurance], line.Steps.Select(s => s.Rule).Where(r => r != PricingRule.Rounding));
        var sameInOtherOrder = Price(PricingSetting.Facility, Line("27447", "50,80")).Lines[0];
        Assert.Equal(line.AllowedAmount, sameInOtherOrder.AllowedAmount);
    }

    [Fact]
    public void D22_endoscopy_family_pays_the_highest_in_full_and_the_others_less_the_base()
    {
        // rules.md D22 (calc; rule CPM-12 via codapedia): 31629 (177.58) + 31624 (127.45), base 31622 (126.15) = 178.88.
        var claim = Price(PricingSetting.Facility, Line("31624"), Line("31629"));
        Assert.Equal(1.30m, claim.Lines[0].AllowedAmount);
        Assert.Equal(177.58m, claim.Lines[1].AllowedAmount);
        Assert.Equal(178.88m, claim.AllowedAmount);

        var withBase = Price(PricingSetting.Facility, Line("31622"), Line("31624"), Line("31629"));
        Assert.Equal(PriceOutcome.Bundled, withBase.Lines[0].Outcome);
        Assert.Contains("base endoscopy", withBase.Lines[0].Reason, StringComparison.Ordinal);
        Assert.Equal(178.88m, withBase.AllowedAmount);
    }

    [Fact]
    public void Endoscopy_family_ranks_as_one_procedure_against_other_surgery()
    {
        // The family's total (178.88) is one procedure: with 27447 (1,257.63) on the day it is second, paid 50%.
        var claim = Price(PricingSetting.Facility, Line("31624"), Line("31629"), Line("27447"));
        Assert.Equal(1257.63m, claim.Lines[2].AllowedAmount);
        Assert.Equal(Round(1.30m * 0.5m), claim.Lines[0].AllowedAmount);
        Assert.Equal(Round(177.58m * 0.5m), claim.Lines[1].AllowedAmount);
    }

    [Fact]
    public void Multiple_procedures_rank_by_fee_100_50_50_and_the_sixth_is_by_report()
    {
        // MULT PROC 2 (RVU readme): rank by fee, 100/50/50/50/50, sixth and later by report.
        decimal big = Fee("27447"), mid = Fee("64483"), small = Fee("11042");
        var claim = Price(Line("11042"), Line("27447"), Line("64483"));
        Assert.Equal(Round(small * 0.5m), claim.Lines[0].AllowedAmount);
        Assert.Equal(big, claim.Lines[1].AllowedAmount);
        Assert.Equal(Round(mid * 0.5m), claim.Lines[2].AllowedAmount);
        Assert.Contains(claim.Lines[2].Steps, s => s.Rule == PricingRule.MultipleProcedures && s.Factor == 0.5m);

        var six = Price(PricingSetting.Facility, Line("27447"), Line("11042", units: 5));
        big = Fee("27447", setting: PricingSetting.Facility);
        small = Fee("11042", setting: PricingSetting.Facility);
        Assert.Equal(big, six.Lines[0].AllowedAmount);
        Assert.Equal(Round(small * 5 * 0.5m), six.Lines[1].AllowedAmount);
        Assert.Equal(PriceConfidence.Low, six.Lines[1].Confidence);
        Assert.Contains("by report", six.Lines[1].ConfidenceReason, StringComparison.Ordinal);
        Assert.Equal(PriceConfidence.High, six.Lines[0].Confidence);
    }

    [Fact]
    public void Add_on_codes_and_indicator_0_are_not_ranked()
    {
        // 64484 (ZZZ, MULT PROC 0) is paid in full beside its primary 64483.
        var claim = Price(Line("64483"), Line("64484"));
        Assert.Equal(Fee("64483"), claim.Lines[0].AllowedAmount);
        Assert.Equal(Fee("64484"), claim.Lines[1].AllowedAmount);
    }

    [Fact]
    public void D23_imaging_reduces_the_second_TC_by_half_and_the_second_PC_by_5_percent()
    {
        // rules.md D23 (calc): 74177 (TC 213.81, PC 83.45) in full; 70450 TC 66.31 x 0.5 and PC 38.82 x 0.95.
        // rules.md rounds each half (33.16 + 36.88 = 70.04); we round once: 70450's global fee less 33.155 and 1.941.
        Assert.Equal(213.81m, Fee("74177", "TC"));
        Assert.Equal(83.45m, Fee("74177", "26"));
        Assert.Equal(66.31m, Fee("70450", "TC"));
        Assert.Equal(38.82m, Fee("70450", "26"));
        var claim = Price(Line("70450"), Line("74177"));
        Assert.Equal(297.26m, claim.Lines[1].AllowedAmount);
        Assert.Equal(Round(Fee("70450") - (66.31m * 0.5m) - (38.82m * 0.05m)), claim.Lines[0].AllowedAmount);
        Assert.InRange(claim.Lines[0].AllowedAmount, 70.03m, 70.04m);

        var components = Price(Line("70450", "TC"), Line("74177", "TC"), Line("70450", "26"), Line("74177", "26"));
        Assert.Equal(Round(66.31m * 0.5m), components.Lines[0].AllowedAmount);
        Assert.Equal(213.81m, components.Lines[1].AllowedAmount);
        Assert.Equal(Round(38.82m * 0.95m), components.Lines[2].AllowedAmount);
        Assert.Equal(83.45m, components.Lines[3].AllowedAmount);
    }

    [Fact]
    public void Cardiovascular_and_ophthalmology_reduce_the_second_TC_by_25_and_20_percent()
    {
        // MULT PROC 6 and 7 (RVU readme): 25% / 20% of the TC of the second and later; the PC is not reduced.
        var cardio = Price(Line("93306"), Line("75600"));
        (string first, string second) = Fee("93306", "TC") >= Fee("75600", "TC") ? ("93306", "75600") : ("75600", "93306");
        int reducedLine = second == "93306" ? 0 : 1;
        Assert.Equal(Round(Fee(second) - (Fee(second, "TC") * 0.25m)), cardio.Lines[reducedLine].AllowedAmount);
        Assert.Equal(Fee(first), cardio.Lines[1 - reducedLine].AllowedAmount);

        var eyes = Price(Line("92250"), Line("92134"));
        decimal tc250 = Fee("92250", "TC"), tc134 = Fee("92134", "TC");
        Assert.True(tc250 > tc134);
        Assert.Equal(Fee("92250"), eyes.Lines[0].AllowedAmount);
        Assert.Equal(Round(Fee("92134") - (tc134 * 0.2m)), eyes.Lines[1].AllowedAmount);
    }

    [Fact]
    public void Therapy_pays_half_the_practice_expense_on_every_unit_but_the_first()
    {
        // MULT PROC 5 (RVU readme; PF file therapy amounts): the unit with the most PE in full, the others with 50% PE.
        // 97110 2025 national non-facility: work 0.45, PE 0.43, MP 0.01; 97140: 0.43 / 0.40 / 0.01.
        decimal full110 = Round(0.89m * 32.3465m), half110 = Round((0.45m + 0.215m + 0.01m) * 32.3465m);
        decimal half140 = Round((0.43m + 0.20m + 0.01m) * 32.3465m);
        var claim = Price(Line("97140", units: 2), Line("97110", units: 3));
        Assert.Equal(full110 + (2 * half110), claim.Lines[1].AllowedAmount);
        Assert.Equal(2 * half140, claim.Lines[0].AllowedAmount);
        Assert.Contains(claim.Lines[0].Steps, s => s.Rule == PricingRule.Therapy);

        // The same reduced amount the PF export writes in its therapy fields (national: every GPCI 1.000).
        var local = PricingLocation.Of(LocalityKey.Parse("01112/05"));
        var exported = PaymentAmountFile.Rows(TestData.Rvu25D, LocalityKey.Parse("01112/05")).Single(r => r.Hcpcs == HcpcsCode.Parse("97110"));
        var localClaim = Calculator.Price(new Claim([Line("97110", units: 2)]) { Location = local });
        Assert.Equal(exported.NonFacilityAmount + exported.TherapyReductionNonInstitutional, localClaim.AllowedAmount);
    }

    [Fact]
    public void Bilateral_indicators_0_1_2_3_and_9()
    {
        // BILAT SURG (RVU readme): 1 = 150% (50, RT+LT, 2 units); 0 and 2 = 100% of one side; 3 = 100% each side; 9 = no bilateral.
        decimal fee20610 = Fee("20610");
        Assert.Equal(Round(fee20610 * 1.5m), Price(Line("20610", "50")).AllowedAmount);
        Assert.Equal(Round(fee20610 * 1.5m), Price(Line("20610", units: 2)).AllowedAmount);
        var pair = Price(Line("20610", "LT"), Line("20610", "RT"));
        Assert.Equal(Round(fee20610 * 1.5m), pair.AllowedAmount);
        Assert.Equal(PriceOutcome.Bundled, pair.Lines[0].Outcome);
        Assert.Contains("line 2", pair.Lines[0].Reason, StringComparison.Ordinal);

        Assert.Equal(Fee("11010"), Price(Line("11010", "50")).AllowedAmount);           // indicator 2
        Assert.Equal(Fee("11042"), Price(Line("11042", "50")).AllowedAmount);           // indicator 0
        Assert.Equal(Fee("92250"), Price(Line("92250", "50")).AllowedAmount);           // indicator 2
        Assert.Equal(2 * Fee("70030"), Price(Line("70030", "50")).AllowedAmount);       // indicator 3: each side 100%
        Assert.Equal(Fee("99213"), Price(Line("99213", "50")).AllowedAmount);           // indicator 0 (an E/M)
        var invalid = Price(Line("11300", "50")).Lines[0];
        Assert.Equal(PriceOutcome.InvalidModifier, invalid.Outcome);
        Assert.Contains("BILAT SURG indicator 9", invalid.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void D24_bilateral_indicator_0_and_2_pay_the_lower_of_both_charges_and_one_fee()
    {
        // rules.md D24 (pub, RVU readme): fee $125, RT $100 + LT $100: payment on $125. With 11010 (indicator 2):
        decimal fee = Fee("11010");
        var high = Price(Line("11010", "RT", charge: fee), Line("11010", "LT", charge: fee));
        Assert.Equal(fee, high.AllowedAmount);
        var low = Price(Line("11010", "RT", charge: 10m), Line("11010", "LT", charge: 10m));
        Assert.Equal(20m, low.AllowedAmount);
    }

    [Fact]
    public void Assistant_cosurgeon_and_team_indicators()
    {
        var notPaid = Price(Line("11450", "80")).Lines[0];
        Assert.Equal(PriceOutcome.NotPayable, notPaid.Outcome);
        Assert.Contains("ASST SURG indicator 1", notPaid.Reason, StringComparison.Ordinal);
        Assert.Equal(0m, notPaid.AllowedAmount);

        var coDocumented = Price(Line("12007", "62")).Lines[0];
        Assert.Equal(Round(Fee("12007") * 0.625m), coDocumented.AllowedAmount);
        Assert.Equal(PriceConfidence.Medium, coDocumented.Confidence);
        Assert.Equal(PriceOutcome.NotPayable, Price(Line("99213", "62")).Lines[0].Outcome);

        var team = Price(Line("22818", "66")).Lines[0];
        Assert.Equal(PriceOutcome.CarrierPriced, team.Outcome);
        Assert.Equal(PriceConfidence.Low, team.Confidence);
        Assert.Contains("by report", team.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Status_T_is_paid_alone_and_bundled_beside_another_service()
    {
        var alone = Price(Line("96523")).Lines[0];
        Assert.Equal(PriceOutcome.Priced, alone.Outcome);
        Assert.Equal(Fee("96523"), alone.AllowedAmount);
        var withVisit = Price(Line("96523"), Line("99213"));
        Assert.Equal(PriceOutcome.Bundled, withVisit.Lines[0].Outcome);
        Assert.Equal(0m, withVisit.Lines[0].AllowedAmount);
        Assert.Equal(Fee("99213"), withVisit.AllowedAmount);
        var otherDay = Price(Line("96523"), Line("99213", date: Nov2025.AddDays(1)));
        Assert.Equal(PriceOutcome.Priced, otherDay.Lines[0].Outcome);
    }

    [Fact]
    public void D21_53_row_and_52_22_policy()
    {
        // rules.md D21 (calc): 45378-53 has its own row, 164.00 national non-facility 2025; 45378 327.67.
        Assert.Equal(164.00m, Price(Line("45378", "53")).AllowedAmount);
        Assert.Equal(327.67m, Price(Line("45378")).AllowedAmount);
        var other53 = Price(Line("27447", "53")).Lines[0];
        Assert.Equal(PriceOutcome.CarrierPriced, other53.Outcome);
        var reduced = Price(Line("99213", "52")).Lines[0];
        Assert.Equal(Fee("99213"), reduced.AllowedAmount);
        Assert.Equal(PriceConfidence.Low, reduced.Confidence);
        Assert.Contains(reduced.Warnings, w => w.Contains("52", StringComparison.Ordinal));
        Assert.Equal(PriceConfidence.Low, Price(Line("27447", "22")).Lines[0].Confidence);
    }

    [Fact]
    public void Invalid_modifier_combinations_are_answers_with_reasons()
    {
        Assert.Equal(PriceOutcome.InvalidModifier, Price(Line("77321", "26,TC")).Lines[0].Outcome);
        Assert.Equal(PriceOutcome.InvalidModifier, Price(Line("27447", "54,55")).Lines[0].Outcome);
        Assert.Equal(PriceOutcome.InvalidModifier, Price(Line("27447", "80,62")).Lines[0].Outcome);
        Assert.Equal(PriceOutcome.InvalidModifier, Price(Line("27447", "50,RT")).Lines[0].Outcome);
        Assert.Equal(PriceOutcome.InvalidModifier, Price(Line("99213", "54")).Lines[0].Outcome);
        Assert.Equal(PriceOutcome.InvalidModifier, Price(Line("99213", "QK")).Lines[0].Outcome);
        Assert.Equal(PriceOutcome.InvalidModifier, Price(Line("99213", "26")).Lines[0].Outcome);
        var unknown = Price(Line("99213", "ZZ")).Lines[0];
        Assert.Equal(PriceOutcome.Priced, unknown.Outcome);
        Assert.Contains(unknown.Warnings, w => w.Contains("ZZ", StringComparison.Ordinal));
    }

    [Fact]
    public void Invalid_lines_unknown_codes_and_dates_are_answers_not_exceptions()
    {
        var claim = Price(Line("99213", units: 0), Line("ZZZZZ"), Line("99213", date: new DateOnly(2027, 3, 1)), Line("99213", charge: -1m));
        Assert.Equal(PriceOutcome.InvalidLine, claim.Lines[0].Outcome);
        Assert.Contains("units", claim.Lines[0].Reason, StringComparison.Ordinal);
        Assert.Equal(PriceOutcome.UnknownCode, claim.Lines[1].Outcome);
        Assert.Equal(PriceOutcome.NoRelease, claim.Lines[2].Outcome);
        Assert.Equal(PriceOutcome.InvalidLine, claim.Lines[3].Outcome);
        Assert.Equal(4, claim.UnpricedLines);
        Assert.Equal(0m, claim.AllowedAmount);
    }

    [Fact]
    public void Provider_kinds_pay_their_share()
    {
        decimal fee = Fee("99213");
        Assert.Equal(Round(fee * 0.85m), Calculator.Price(new Claim([Line("99213")]) { Provider = ProviderKind.NursePractitioner }).AllowedAmount);
        Assert.Equal(Round(fee * 0.85m), Calculator.Price(new Claim([Line("99213")]) { Provider = ProviderKind.PhysicianAssistant }).AllowedAmount);
        Assert.Equal(fee, Calculator.Price(new Claim([Line("99213")]) { Provider = ProviderKind.CertifiedNurseMidwife }).AllowedAmount);
        var social = Calculator.Price(new Claim([Line("99213")]) { Provider = ProviderKind.ClinicalSocialWorker }).Lines[0];
        Assert.Equal(Round(fee * 0.75m), social.AllowedAmount);
        Assert.Equal(PriceConfidence.Medium, social.Confidence);
        Assert.Equal(0.65m, ProviderPaymentShare.For(ProviderKind.CertifiedNurseMidwife, new DateOnly(2010, 12, 31)).Share);

        // AS already holds the 85%: an NP assistant gets 13.6%, not 85% of it again.
        var npAssistant = Calculator.Price(new Claim([Line("27447", "AS")]) { Provider = ProviderKind.NursePractitioner, Setting = PricingSetting.Facility });
        Assert.Equal(171.04m, npAssistant.AllowedAmount);
    }

    [Fact]
    public void D16_non_participating_95_percent_and_limiting_charge()
    {
        // rules.md D16 (calc; rule RVU readme): 77321 national 2025: 92.51 x 1.0925 = 101.07; allowed 87.88.
        var line = Calculator.Price(new Claim([Line("77321")]) { Participation = Participation.NonParticipating }).Lines[0];
        Assert.Equal(87.88m, line.AllowedAmount);
        Assert.Equal(101.07m, line.LimitingCharge);
        Assert.Null(Price(Line("77321")).Lines[0].LimitingCharge);
    }

    [Fact]
    public void D25_deductible_coinsurance_and_sequestration()
    {
        // rules.md D25 (pub, medicalbillersandcoders / Noridian): $100 approved, $50 deductible, Medicare $40 less 2% = $39.20.
        var claim = Calculator.Price(new Claim([Line("27447", charge: 100m)]) { DeductibleRemaining = 50m, ApplySequestration = true });
        var line = claim.Lines[0];
        Assert.Equal(100m, line.AllowedAmount);
        Assert.Equal(50m, line.Deductible);
        Assert.Equal(10m, line.Coinsurance);
        Assert.Equal(0.80m, line.Sequestration);
        Assert.Equal(39.20m, line.MedicarePayment);
        Assert.Equal([PricingRule.LesserOfCharge, PricingRule.Deductible, PricingRule.Coinsurance, PricingRule.Sequestration], line.Steps.Select(s => s.Rule).SkipWhile(r => r != PricingRule.LesserOfCharge));

        // Without the opt-ins: 80/20 of the allowed amount.
        var plain = Price(Line("77321")).Lines[0];
        Assert.Equal(18.50m, plain.Coinsurance);
        Assert.Equal(74.01m, plain.MedicarePayment);
        Assert.Equal(0m, plain.Deductible);
    }

    [Fact]
    public void Deductible_is_spread_in_an_order_independent_of_line_order()
    {
        var a = Calculator.Price(new Claim([Line("99213"), Line("77321")]) { DeductibleRemaining = 257m });
        var b = Calculator.Price(new Claim([Line("77321"), Line("99213")]) { DeductibleRemaining = 257m });
        Assert.Equal(a.Deductible, b.Deductible);
        Assert.Equal(a.MedicarePayment, b.MedicarePayment);
        Assert.Equal(a.Lines[0].Deductible, b.Lines[1].Deductible);
        Assert.Equal(a.AllowedAmount, a.Deductible);
    }

    [Fact]
    public void Hpsa_bonus_is_10_percent_of_the_payment_on_the_professional_component()
    {
        var pc = Calculator.Price(new Claim([Line("77321", "26")]) { InShortageArea = true }).Lines[0];
        Assert.Equal(Round(pc.MedicarePayment * 0.1m), pc.HpsaBonus);
        var tc = Calculator.Price(new Claim([Line("77321", "TC")]) { InShortageArea = true }).Lines[0];
        Assert.Equal(0m, tc.HpsaBonus);
        var aq = Price(Line("99213", "AQ")).Lines[0];
        Assert.Equal(Round(aq.MedicarePayment * 0.1m), aq.HpsaBonus);
        Assert.Equal(0m, Calculator.Price(new Claim([Line("99213", "AQ")]) { Provider = ProviderKind.NursePractitioner }).HpsaBonus);
        Assert.Equal(0m, aq.AllowedAmount - aq.MedicarePayment - aq.Coinsurance);
    }

    [Fact]
    public void D15_anesthesia_base_and_time_units_times_the_locality_anesthesia_CF()
    {
        // rules.md D14-D15 (pub ANES2025 19.31; calc): base 5 + 60 minutes (4.0 units) in AL 10112/00: 9 x 19.31 = 173.79; QK 86.90.
        var at = PricingLocation.Of(LocalityKey.Parse("10112/00"));
        ClaimLine Anes(string modifier) => Line("00100", modifier) with { AnesthesiaMinutes = 60, AnesthesiaBaseUnits = 5 };
        var aa = Calculator.Price(new Claim([Anes("AA")]) { Location = at }).Lines[0];
        Assert.Equal(PriceOutcome.Priced, aa.Outcome);
        Assert.Equal(173.79m, aa.AllowedAmount);
        Assert.Equal(19.31m, aa.ConversionFactor);
        Assert.Equal(86.90m, Calculator.Price(new Claim([Anes("QK")]) { Location = at }).AllowedAmount);
        Assert.Equal(86.90m, Calculator.Price(new Claim([Anes("QX")]) { Location = at }).AllowedAmount);
        Assert.Equal(173.79m, Calculator.Price(new Claim([Anes("QZ")]) { Location = at, Provider = ProviderKind.NurseAnesthetist }).AllowedAmount);
        Assert.Equal(Round(3 * 19.31m), Calculator.Price(new Claim([Anes("AD")]) { Location = at }).AllowedAmount);

        // Time units to one decimal: 37 minutes = 2.5 units (2.4666...).
        var odd = Calculator.Price(new Claim([Anes("AA") with { AnesthesiaMinutes = 37 }])).Lines[0];
        Assert.Equal(Round(7.5m * 20.3178m), odd.AllowedAmount);

        var noBase = Price(Line("00100", "AA") with { AnesthesiaMinutes = 60 }).Lines[0];
        Assert.Equal(PriceOutcome.InvalidLine, noBase.Outcome);
        Assert.Contains("base units", noBase.Reason, StringComparison.Ordinal);

        // RVU26C ships no ANES file: a 2026 locality cannot be priced, national can (20.49754, ANES2026's header).
        var local2026 = Calculator.Price(new Claim([Anes("AA") with { DateOfService = Aug2026 }]) { Location = at }).Lines[0];
        Assert.Equal(PriceOutcome.UnknownLocation, local2026.Outcome);
        Assert.Equal(Round(9 * 20.49754m), Calculator.Price(new Claim([Anes("AA") with { DateOfService = Aug2026 }])).AllowedAmount);
    }

    [Fact]
    public void Opps_cap_and_locality_carry_into_claim_lines()
    {
        // rules.md D4 (pub OPPSCAP): 70496 AL 10112/00 capped 230.40.
        var claim = Calculator.Price(new Claim([Line("70496")]) { Location = PricingLocation.Of(LocalityKey.Parse("10112/00")) });
        Assert.Equal(230.40m, claim.AllowedAmount);
        Assert.Contains(claim.Lines[0].Steps, s => s.Rule == PricingRule.OppsCap);
    }

    [Fact]
    public void Every_step_names_its_source_and_amounts_chain()
    {
        var claim = Calculator.Price(new Claim([Line("27447", "80,50"), Line("11042", "51")]) { Participation = Participation.NonParticipating, DeductibleRemaining = 100m, ApplySequestration = true, Setting = PricingSetting.Facility });
        foreach (var line in claim.Lines)
        {
            Assert.All(line.Steps, s => Assert.False(string.IsNullOrWhiteSpace(s.Source)));
            var priced = line.Steps.SkipWhile(s => s.Rule != PricingRule.FeeScheduleAmount).ToList();
            for (int k = 1; k < priced.Count; k++)
            {
                if (priced[k].Rule is not PricingRule.OppsCap and not PricingRule.HpsaBonus)
                {
                    Assert.True(priced[k].AmountBefore == priced[k - 1].Amount || priced[k].Rule == PricingRule.Units || priced[k].Rule == PricingRule.Bilateral,
                        $"{priced[k].Rule}: before {priced[k].AmountBefore} after previous {priced[k - 1].Amount}");
                }
            }
        }
    }

    [Fact]
    public void Claim_total_is_the_sum_of_its_lines()
    {
        var claim = Price(Line("99213"), Line("77321", "26"), Line("27447"), Line("11042"));
        Assert.Equal(claim.Lines.Sum(l => l.AllowedAmount), claim.AllowedAmount);
        Assert.Equal(claim.Lines.Sum(l => l.MedicarePayment), claim.MedicarePayment);
        Assert.Equal(claim.AllowedAmount, claim.MedicarePayment + claim.Coinsurance + claim.Deductible + claim.Sequestration);
        Assert.Equal("99213", claim.Lines[0].Line.Hcpcs.ToString());
        Assert.Equal(string.Format(CultureInfo.InvariantCulture, "{0}", 1), claim.Lines[0].LineNumber.ToString(CultureInfo.InvariantCulture));
    }

    [Fact]
    public void A_conversion_factor_changed_with_with_is_the_one_used()
    {
        // The period keeps its factor in ten-thousandths for the formula's fast path: a 'with' copy must recompute it.
        var period = ConversionFactorSchedule.Medicare.Periods[0] with { NonQualifying = 40m };
        var calculator = new PaymentCalculator(PackagedFeeSchedules.Catalog, new ConversionFactorSchedule([period]));
        Assert.Equal(Round(2.86m * 40m), calculator.Price(new Claim([Line("77321")])).AllowedAmount);
        Assert.Equal(Round(2.86m * 40m), calculator.Price(new ServiceRequest(HcpcsCode.Parse("77321"), Modifier.None, Nov2025, PricingLocation.National, PricingSetting.NonFacility)).AllowedAmount);
        var odd = period with { NonQualifying = 40.123456m };
        var precise = new PaymentCalculator(PackagedFeeSchedules.Catalog, new ConversionFactorSchedule([odd]));
        Assert.Equal(Round(2.86m * 40.123456m), precise.Price(new Claim([Line("77321")])).AllowedAmount);
    }

    [Fact]
    public void Claims_on_several_dates_and_places_each_use_their_own_release()
    {
        // The calculator remembers the last date and place: alternating claims must not see each other's.
        var a = Calculator.Price(new Claim([Line("77321")]));
        var b = Calculator.Price(new Claim([Line("77321", date: Aug2026)]) { Location = PricingLocation.Of(LocalityKey.Parse("10112/00")) });
        var c = Calculator.Price(new Claim([Line("77321"), Line("77321", "26", date: Aug2026)]));
        Assert.Equal(92.51m, a.AllowedAmount);
        Assert.Equal(86.08m, b.AllowedAmount);
        Assert.Equal(92.51m, c.Lines[0].AllowedAmount);
        Assert.Equal(49.77m, c.Lines[1].AllowedAmount);
        Assert.Equal("RVU26C", c.Lines[1].Release!.Id.ToString());
    }
}
