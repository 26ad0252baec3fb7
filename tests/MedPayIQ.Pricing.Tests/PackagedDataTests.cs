namespace MedPayIQ.Pricing.Tests;

/// <summary>Golden tests on the packaged real CMS files: counts and rows checked against the files themselves.</summary>
public class PackagedDataTests
{
    [Theory]
    [InlineData("RVU25A", 18_865, 32.3465)]
    [InlineData("RVU25D", 19_090, 32.3465)]
    [InlineData("RVU26C", 19_356, 33.4009)]
    public void Release_has_every_data_row_of_its_PPRRVU_file(string id, int rows, decimal cf)
    {
        var release = PackagedFeeSchedules.Get(ReleaseId.Parse(id));
        Assert.Equal(id, release.Id.ToString());
        Assert.Equal(rows, release.Rvus.Count);
        Assert.Equal(cf, release.ConversionFactor);
        Assert.All(release.Rvus.Rows, e => Assert.Equal(cf, e.ConversionFactor));
    }

    [Fact]
    public void Status_code_counts_match_the_rules_reference()
    {
        // rules.md A3: RVU25D A 9,021, X 2,548, E 1,569, I 1,486, C 1,347, M 1,216, R 1,058, N 336, J 276, P 142, B 83, T 8.
        var counts = TestData.Rvu25D.Rvus.Rows.GroupBy(e => e.Status).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(9021, counts[StatusCode.Active]);
        Assert.Equal(2548, counts[StatusCode.StatutoryExclusion]);
        Assert.Equal(1569, counts[StatusCode.Excluded]);
        Assert.Equal(1486, counts[StatusCode.NotValidForMedicare]);
        Assert.Equal(1347, counts[StatusCode.CarrierPriced]);
        Assert.Equal(1216, counts[StatusCode.Measurement]);
        Assert.Equal(1058, counts[StatusCode.RestrictedCoverage]);
        Assert.Equal(336, counts[StatusCode.NonCovered]);
        Assert.Equal(276, counts[StatusCode.Anesthesia]);
        Assert.Equal(142, counts[StatusCode.BundledOrExcluded]);
        Assert.Equal(83, counts[StatusCode.Bundled]);
        Assert.Equal(8, counts[StatusCode.Injection]);

        var c26 = TestData.Rvu26C.Rvus.Rows.GroupBy(e => e.Status).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(9408, c26[StatusCode.Active]);
        Assert.Equal(80, c26[StatusCode.Bundled]);
    }

    [Fact]
    public void Indicator_distributions_match_the_files()
    {
        var d = TestData.Rvu25D.Rvus.Rows;
        Assert.Equal(4064, d.Count(e => e.NonFacilityNotApplicable));
        Assert.Equal(2530, d.Count(e => e.FacilityNotApplicable));
        Assert.Equal(3325, d.Count(e => e.PcTc == PcTcIndicator.DiagnosticTest));
        Assert.Equal(148, d.Count(e => e.NotUsedForMedicarePayment));
        Assert.Equal(477, d.Count(e => e.DiagnosticImagingFamily == DiagnosticImagingFamily.SubjectToImagingReduction));
        Assert.Equal(370, d.Count(e => e.EndoscopicBaseCode.IsSome));
        Assert.Equal(3767, d.Count(e => e.GlobalPeriod == GlobalPeriod.Days90));
        Assert.All(d, e => Assert.Null(e.PricingIndicator));

        var c = TestData.Rvu26C.Rvus.Rows;
        Assert.All(c, e => Assert.Equal((byte)9, e.PricingIndicator));
        Assert.Equal(1139, c.Count(e => e.GlobalPeriod == GlobalPeriod.AddOn));
        Assert.Equal(17, c.Count(e => e.GlobalPeriod == GlobalPeriod.Maternity));
    }

    public static TheoryData<string, string, string, decimal, decimal, decimal, decimal, bool, bool, decimal, decimal> Rows77321 => new()
    {
        // release, modifier, status, work, nf PE, f PE, MP, nf NA, f NA, nf total, f total
        { "RVU25A", "", "A", 0.95m, 1.86m, 1.86m, 0.05m, false, true, 2.86m, 2.86m },
        { "RVU25A", "26", "A", 0.95m, 0.52m, 0.52m, 0.04m, false, false, 1.51m, 1.51m },
        { "RVU25A", "TC", "A", 0.00m, 1.34m, 1.34m, 0.01m, false, true, 1.35m, 1.35m },
        { "RVU25D", "", "A", 0.95m, 1.86m, 1.86m, 0.05m, false, true, 2.86m, 2.86m },
        { "RVU25D", "26", "A", 0.95m, 0.52m, 0.52m, 0.04m, false, false, 1.51m, 1.51m },
        { "RVU25D", "TC", "A", 0.00m, 1.34m, 1.34m, 0.01m, false, true, 1.35m, 1.35m },
        { "RVU26C", "", "A", 0.93m, 1.85m, 1.85m, 0.05m, false, true, 2.83m, 2.83m },
        { "RVU26C", "26", "A", 0.93m, 0.52m, 0.52m, 0.04m, false, false, 1.49m, 1.49m },
        { "RVU26C", "TC", "A", 0.00m, 1.33m, 1.33m, 0.01m, false, true, 1.34m, 1.34m },
    };

    [Theory]
    [MemberData(nameof(Rows77321))]
    public void Row_77321_field_by_field(string id, string mod, string status, decimal work, decimal nfPe, decimal fPe, decimal mp,
        bool nfNa, bool fNa, decimal nfTotal, decimal fTotal)
    {
        var release = PackagedFeeSchedules.Get(ReleaseId.Parse(id));
        Assert.True(release.Rvus.TryGet("77321", mod, out var e));
        Assert.Equal(HcpcsCode.Parse("77321"), e.Hcpcs);
        Assert.Equal(mod, e.Modifier.ToString());
        Assert.Equal((StatusCode)status[0], e.Status);
        Assert.False(e.NotUsedForMedicarePayment);
        Assert.Equal(work, e.WorkRvu);
        Assert.Equal(nfPe, e.NonFacilityPracticeExpenseRvu);
        Assert.Equal(nfNa, e.NonFacilityNotApplicable);
        Assert.Equal(fPe, e.FacilityPracticeExpenseRvu);
        Assert.Equal(fNa, e.FacilityNotApplicable);
        Assert.Equal(mp, e.MalpracticeRvu);
        Assert.Equal(nfTotal, e.NonFacilityTotalRvu);
        Assert.Equal(fTotal, e.FacilityTotalRvu);
        Assert.Equal(PcTcIndicator.DiagnosticTest, e.PcTc);
        Assert.Equal(GlobalPeriod.NotApplicable, e.GlobalPeriod);
        Assert.Equal(0m, e.PreOperativeShare);
        Assert.Equal(0m, e.IntraOperativeShare);
        Assert.Equal(0m, e.PostOperativeShare);
        Assert.Equal(MultipleProcedureIndicator.None, e.MultipleProcedure);
        Assert.Equal(BilateralSurgeryIndicator.NoAdjustment, e.BilateralSurgery);
        Assert.Equal(AssistantAtSurgeryIndicator.DocumentationRequired, e.AssistantAtSurgery);
        Assert.Equal(CoSurgeonIndicator.NotPermitted, e.CoSurgeons);
        Assert.Equal(TeamSurgeryIndicator.NotPermitted, e.TeamSurgery);
        Assert.Equal(HcpcsCode.None, e.EndoscopicBaseCode);
        Assert.Equal(release.ConversionFactor, e.ConversionFactor);
        Assert.Equal(PhysicianSupervision.NotApplicable, e.PhysicianSupervision);
        Assert.Equal(0, e.CalculationFlag);
        Assert.Equal(DiagnosticImagingFamily.NotApplicable, e.DiagnosticImagingFamily);
        Assert.Equal(id == "RVU26C" ? (byte?)9 : null, e.PricingIndicator);
        Assert.Equal(0m, e.OppsNonFacilityPracticeExpenseRvu);
        Assert.Equal(0m, e.OppsFacilityPracticeExpenseRvu);
        Assert.Equal(0m, e.OppsMalpracticeRvu);
        Assert.False(e.HasOppsRvus);
        Assert.Null(release.Rvus.GetDescription(e)); // CPT descriptor not packaged
    }

    [Fact]
    public void Surgical_row_carries_global_shares_and_surgery_indicators()
    {
        // 27447 total knee, RVU25D: 090, pre .10 intra .69 post .21, mult 2, bilat 1, asst 2, co 1, team 0.
        Assert.True(TestData.Rvu25D.Rvus.TryGet("27447", "", out var e));
        Assert.Equal(19.60m, e.WorkRvu);
        Assert.True(e.NonFacilityNotApplicable);
        Assert.Equal(GlobalPeriod.Days90, e.GlobalPeriod);
        Assert.Equal(0.10m, e.PreOperativeShare);
        Assert.Equal(0.69m, e.IntraOperativeShare);
        Assert.Equal(0.21m, e.PostOperativeShare);
        Assert.Equal(MultipleProcedureIndicator.Standard, e.MultipleProcedure);
        Assert.Equal(BilateralSurgeryIndicator.Adjustment150, e.BilateralSurgery);
        Assert.Equal(AssistantAtSurgeryIndicator.Paid, e.AssistantAtSurgery);
        Assert.Equal(CoSurgeonIndicator.DocumentationRequired, e.CoSurgeons);
        Assert.Equal(TeamSurgeryIndicator.NotPermitted, e.TeamSurgery);
    }

    [Fact]
    public void Endoscopy_and_imaging_rows_carry_their_family_fields()
    {
        Assert.True(TestData.Rvu25D.Rvus.TryGet("31629", "", out var endo));
        Assert.Equal(MultipleProcedureIndicator.Endoscopy, endo.MultipleProcedure);
        Assert.Equal(HcpcsCode.Parse("31622"), endo.EndoscopicBaseCode);

        Assert.True(TestData.Rvu25D.Rvus.TryGet("70496", "", out var cta));
        Assert.Equal(DiagnosticImagingFamily.SubjectToImagingReduction, cta.DiagnosticImagingFamily);
        Assert.True(cta.HasOppsRvus);
    }

    [Fact]
    public void Excel_resaved_RVU25A_is_read_with_zeros_restored_and_rows_sorted()
    {
        var a = TestData.Rvu25A.Rvus;
        // Excel wrote 00100 as 100, 090 as 90, 09 as 9: restored.
        Assert.True(a.TryGet("00100", "", out var anes));
        Assert.Equal(StatusCode.Anesthesia, anes.Status);
        Assert.Equal(PhysicianSupervision.NotApplicable, anes.PhysicianSupervision);
        Assert.True(a.TryGet("27447", "", out var knee));
        Assert.Equal(GlobalPeriod.Days90, knee.GlobalPeriod);
        var keys = a.Rows.Select(e => (e.Hcpcs, e.Modifier)).ToArray();
        Assert.Equal(keys.OrderBy(k => k.Hcpcs).ThenBy(k => k.Modifier), keys);
        Assert.Equal(HcpcsCode.Parse("0001F"), a.Rows[0].Hcpcs);
    }

    [Fact]
    public void Level_II_descriptors_are_kept_and_CPT_and_CDT_descriptors_are_not_packaged()
    {
        var rvus = TestData.Rvu25D.Rvus;
        Assert.True(rvus.TryGet("G0121", "", out var g));
        Assert.Equal("Colon ca scrn not hi rsk ind", rvus.GetDescription(g));
        Assert.True(rvus.TryGet("D0120", "", out var dental));
        Assert.Null(rvus.GetDescription(dental));
        Assert.All(rvus.Rows.Where(e => !e.Hcpcs.IsLevelII || e.Hcpcs.IsDental), e => Assert.Null(rvus.GetDescription(e)));
        Assert.True(rvus.Rows.Count(e => rvus.GetDescription(e) is not null) > 5000);
    }

    [Fact]
    public void Modifier_rows_of_one_code_come_together()
    {
        var rows = TestData.Rvu25D.Rvus.GetRows(HcpcsCode.Parse("77321"));
        Assert.Equal(["", "26", "TC"], rows.ToArray().Select(r => r.Modifier.ToString()));
        Assert.Contains(TestData.Rvu25D.Rvus.GetRows(HcpcsCode.Parse("45378")).ToArray(), r => r.Modifier == Modifier.Discontinued);
        Assert.True(TestData.Rvu25D.Rvus.GetRows(HcpcsCode.Parse("ZZZZZ")).IsEmpty);
    }

    [Fact]
    public void Codes_that_change_between_2025_and_2026_are_release_specific()
    {
        Assert.True(TestData.Rvu25D.Rvus.TryGet("77385", "", out var imrt25));
        Assert.Equal(StatusCode.NotValidForMedicare, imrt25.Status);
        Assert.False(TestData.Rvu26C.Rvus.Contains(HcpcsCode.Parse("77385")));
        Assert.True(TestData.Rvu26C.Rvus.TryGet("77387", "TC", out var igrt));
        Assert.Equal(StatusCode.Bundled, igrt.Status);
        Assert.True(TestData.Rvu26C.Rvus.TryGet("77402", "", out var delivery));
        Assert.Equal(PcTcIndicator.TechnicalComponentOnly, delivery.PcTc);
    }

    [Fact]
    public void A_code_is_contained_exactly_when_it_has_rows_of_some_modifier()
    {
        // Contains asks the hash for the global row first; codes with rows of other modifiers only must still count.
        foreach (var id in PackagedFeeSchedules.ReleaseIds)
        {
            var rvus = PackagedFeeSchedules.Get(id).Rvus;
            var codes = rvus.Rows.Select(r => r.Hcpcs).Distinct().ToList();
            Assert.All(codes, c => Assert.True(rvus.Contains(c)));
            Assert.Contains(codes, c => rvus.IndexOf(c, Modifier.None) < 0); // some code has no global row
            var present = codes.Select(c => c.PackedValue).ToHashSet();
            var absent = Enumerable.Range(1, 400).Select(n => HcpcsCode.FromPackedValue((int)((n * 151_051L) % HcpcsCode.MaxPackedValue) + 1)).Where(c => !present.Contains(c.PackedValue));
            Assert.All(absent, c => Assert.False(rvus.Contains(c)));
        }
    }
}
