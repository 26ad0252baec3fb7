namespace MedPayIQ.Insights.Tests;

public class ReleaseDiffTests
{
    private static readonly ReleaseDiff Diff = new(PackagedFeeSchedules.Catalog, Data.Ncci);

    private static ReleaseId Id(string id) => ReleaseId.Parse(id);

    [Fact]
    public void _77321_from_RVU25D_to_RVU26C_work_0_95_to_0_93_and_national_92_51_to_94_52()
    {
        var diff = Diff.CompareReleases(Id("RVU25D"), Id("RVU26C"), new ReleaseDiffOptions { Codes = CodeRange.Of(HcpcsCode.Parse("77321")) });
        Assert.Equal(new DateOnly(2025, 10, 1), diff.FromDate);
        Assert.Equal(new DateOnly(2026, 7, 1), diff.ToDate);
        Assert.Equal(3, diff.Rows.Length); // global, 26, TC

        var global = diff.Find(HcpcsCode.Parse("77321"))!;
        Assert.Equal(ChangeKind.Changed, global.Kind);
        Assert.Contains(new FieldChange("WORK RVU", "0.95", "0.93"), global.Fields);
        Assert.Contains(new AmountChange(LocalityKey.None, PricingSetting.NonFacility, 92.51m, 94.52m), global.Amounts);
        Assert.Equal(2.01m, global.Amounts[0].Difference);
        Assert.Contains(diff.Notes, n => n.StartsWith("Conversion factor 32.3465 -> 33.4009", StringComparison.Ordinal));

        var pc = diff.Find(HcpcsCode.Parse("77321"), Modifier.ProfessionalComponent)!;
        Assert.Contains(new AmountChange(LocalityKey.None, PricingSetting.NonFacility, 48.84m, Data.Price("77321", Data.Rvu26C, "26")), pc.Amounts);
    }

    [Fact]
    public void The_radiation_delivery_codes_that_changed_status_from_RVU25D_to_RVU26C()
    {
        var diff = Diff.CompareReleases(Id("RVU25D"), Id("RVU26C"), new ReleaseDiffOptions { Codes = new CodeRange(HcpcsCode.Parse("77385"), HcpcsCode.Parse("77412")) });
        string Row(RvuRowChange r) => $"{r.Hcpcs}{(r.Modifier.IsSome ? "-" + r.Modifier : "")} {r.Kind} {r.Fields.FirstOrDefault(f => f.Field == "STATUS CODE")}";
        Assert.Equal(
        [
            "77385 Deleted STATUS CODE I -> ",
            "77386 Deleted STATUS CODE I -> ",
            "77387 Changed STATUS CODE I -> A",
            "77387-26 Added STATUS CODE  -> A",
            "77387-TC Added STATUS CODE  -> B",
            "77401 Deleted STATUS CODE A -> ",
            "77402 Changed STATUS CODE I -> A",
            "77407 Changed STATUS CODE I -> A",
            "77412 Changed STATUS CODE I -> A",
        ], diff.Rows.Select(Row));

        // A code that starts to pay: no amount before (status I), the calculator's amount after.
        var started = diff.Find(HcpcsCode.Parse("77402"))!;
        Assert.Contains(new AmountChange(LocalityKey.None, PricingSetting.NonFacility, null, Data.Price("77402", Data.Rvu26C)), started.Amounts);
        Assert.Contains(new AmountChange(LocalityKey.None, PricingSetting.NonFacility, Data.Price("77401", Data.Rvu25D), null), diff.Find(HcpcsCode.Parse("77401"))!.Amounts);
    }

    [Fact]
    public void The_rows_added_and_deleted_are_exactly_the_keys_in_one_release_only()
    {
        var diff = Diff.CompareReleases(Id("RVU25D"), Id("RVU26C"), new ReleaseDiffOptions { IncludeAmounts = false, IncludeNcci = false });
        var before = PackagedFeeSchedules.Get(ReleaseId.Parse("RVU25D")).Rvus.Rows.Select(e => (e.Hcpcs, e.Modifier)).ToHashSet();
        var after = PackagedFeeSchedules.Get(ReleaseId.Parse("RVU26C")).Rvus.Rows.Select(e => (e.Hcpcs, e.Modifier)).ToHashSet();
        Assert.Equal(after.Except(before).Order().ToList(), diff.OfKind(ChangeKind.Added).Select(r => (r.Hcpcs, r.Modifier)).ToList());
        Assert.Equal(before.Except(after).Order().ToList(), diff.OfKind(ChangeKind.Deleted).Select(r => (r.Hcpcs, r.Modifier)).ToList());
        Assert.All(diff.OfKind(ChangeKind.Changed), r => Assert.NotEmpty(r.Fields));
        Assert.Empty(diff.Rows.SelectMany(r => r.Amounts));
    }

    [Fact]
    public void A_release_compared_with_itself_has_no_changes()
    {
        var diff = Diff.CompareReleases(Id("RVU25A"), Id("RVU25A"), new ReleaseDiffOptions { Codes = new CodeRange(HcpcsCode.Parse("70000"), HcpcsCode.Parse("79999")) });
        Assert.Empty(diff.Rows);
        Assert.Empty(diff.NcciEdits);
        Assert.Empty(diff.Notes);
    }

    [Fact]
    public void Amounts_are_compared_per_locality_and_setting()
    {
        var key = LocalityKey.Parse("01182/18");
        var diff = Diff.CompareReleases(Id("RVU25D"), Id("RVU26C"), new ReleaseDiffOptions { Codes = CodeRange.Of(HcpcsCode.Parse("77321")), Localities = [key] });
        var amounts = diff.Find(HcpcsCode.Parse("77321"))!.Amounts;
        Assert.Equal(4, amounts.Length);
        var local = amounts.Single(a => a.Locality == key && a.Setting == PricingSetting.NonFacility);
        var calc = new PaymentCalculator(FeeScheduleCatalog.Create([PackagedFeeSchedules.Get(ReleaseId.Parse("RVU26C"))]));
        Assert.Equal(calc.Price(new ServiceRequest(HcpcsCode.Parse("77321"), Modifier.None, Data.Rvu26C, PricingLocation.Of(key), PricingSetting.NonFacility)).AllowedAmount, local.To);

        var all = Diff.CompareReleases(Id("RVU25D"), Id("RVU26C"), new ReleaseDiffOptions { Codes = CodeRange.Of(HcpcsCode.Parse("77321")), AllLocalities = true, IncludeNcci = false });
        Assert.True(all.Find(HcpcsCode.Parse("77321"))!.Amounts.Select(a => a.Locality).Distinct().Count() > 100);
    }

    [Fact]
    public void NCCI_edits_in_force_on_one_date_and_not_the_other_are_listed()
    {
        // ccipra-v322r0-f1: 0001U | 0029U | 20180701 | 20260630: in force on 2025-01-01, not on 2026-07-01.
        var diff = Diff.Compare(Data.Rvu25A, Data.Rvu26C, new ReleaseDiffOptions { Codes = CodeRange.Of(HcpcsCode.Parse("0029U")), IncludeAmounts = false });
        var edit = Assert.Single(diff.NcciEdits);
        Assert.Equal(NcciTableKind.PtpPractitioner, edit.Table);
        Assert.Equal(ChangeKind.Deleted, edit.Kind);
        Assert.Equal("0001U/0029U", edit.Key);
        Assert.Equal("modifier indicator 1, effective 2018-07-01, deleted 2026-06-30", edit.From);
        Assert.Null(edit.To);
        Assert.Equal("RVU25A", diff.From.Id.ToString());
        Assert.Equal("RVU26C", diff.To.Id.ToString());
    }

    [Fact]
    public void Add_on_edits_that_end_between_two_dates_are_deleted_and_those_that_start_are_added()
    {
        var table = PackagedNcci.AddOnEdits;
        var from = Data.Rvu25D;
        var to = Data.Rvu26C;
        var diff = Diff.Compare(from, to, new ReleaseDiffOptions { IncludeAmounts = false });
        var aoc = diff.NcciEdits.Where(e => e.Table == NcciTableKind.AddOn).ToList();
        int ended = table.Rows.Count(e => e.AppliesOn(from) && !e.AppliesOn(to));
        int started = table.Rows.Count(e => !e.AppliesOn(from) && e.AppliesOn(to));
        Assert.True(ended + started > 0);
        Assert.Equal(ended, aoc.Count(e => e.Kind == ChangeKind.Deleted));
        Assert.Equal(started, aoc.Count(e => e.Kind == ChangeKind.Added));
    }

    [Fact]
    public void A_date_no_release_covers_is_refused_with_the_catalog_s_reason()
    {
        var ex = Assert.Throws<ArgumentException>(() => Diff.Compare(new DateOnly(2019, 1, 1), Data.Rvu26C));
        Assert.Contains("2019-01-01", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Diff.CompareReleases(Id("RVU24A"), Id("RVU26C")));
    }

    [Theory]
    [InlineData("77321", true, "77321")]
    [InlineData("77261-77799", true, "77261-77799")]
    [InlineData(" 77261 - 77799 ", true, "77261-77799")]
    [InlineData("77799-77261", false, "")]
    [InlineData("7732", false, "")]
    [InlineData("", false, "")]
    [InlineData("77261-", false, "")]
    public void Code_ranges_parse(string text, bool ok, string expected)
    {
        Assert.Equal(ok, CodeRange.TryParse(text, out var range));
        if (ok)
        {
            Assert.Equal(expected, range.ToString());
        }
    }
}

/// <summary>The other Part B schedules in a comparison: CLFS quarters, DMEPOS and PEN files, ASP files.</summary>
public class PartBScheduleDiffTests
{
    private static readonly ReleaseDiff Diff = new(PackagedFeeSchedules.Catalog);

    [Fact]
    public void DMEPOS_amounts_per_row_and_state_E0601_RR_California_April_2025_to_January_2026()
    {
        // DMEPOS25_APR.csv E0601-RR CA NR 49.12, R 91.03; DMEPOS26_JAN (workbook) CA NR 50.44, R 93.04.
        var diff = Diff.Compare(new DateOnly(2025, 5, 1), new DateOnly(2026, 2, 1), new ReleaseDiffOptions { Codes = CodeRange.Parse("E0601"), IncludeAmounts = false });
        var dme = Assert.IsType<DmeposComparison>(diff.Dmepos);
        Assert.Equal(("DMEPOS 2025 Q2", "DMEPOS 2026 Q1"), (dme.From.Name, dme.To.Name));
        var rr = Assert.Single(dme.Rows, r => r.Modifier == Modifier.Parse("RR") && !r.Modifier2.IsSome);
        Assert.Equal(ChangeKind.Changed, rr.Kind);
        Assert.Equal(new DmeposStateChange("CA", 49.12m, 50.44m, 91.03m, 93.04m), Assert.Single(rr.States, s => s.State == "CA"));
        Assert.Equal("CA NR 49.12 -> 50.44, R 91.03 -> 93.04", rr.States.Single(s => s.State == "CA").ToString());
        Assert.All(dme.Rows, r => Assert.Equal(HcpcsCode.Parse("E0601"), r.Hcpcs));

        // Every state change is the two files' amounts, as the calculator reads them.
        foreach (var row in dme.Rows.Where(r => r.Kind == ChangeKind.Changed))
        {
            var modifiers = row.Modifier2.IsSome ? ModifierSet.Of(row.Modifier, row.Modifier2) : ModifierSet.Of(row.Modifier);
            foreach (var s in row.States)
            {
                Assert.True(dme.From.TryGetAmount(row.Hcpcs, modifiers, s.State, false, out var before));
                Assert.True(dme.To.TryGetAmount(row.Hcpcs, modifiers, s.State, false, out var after));
                Assert.Equal((before.Amount, after.Amount), (s.NonRuralFrom, s.NonRuralTo));
                Assert.True(s.NonRuralFrom != s.NonRuralTo || s.RuralFrom != s.RuralTo);
            }
        }

        // The PEN schedule: January 2026 only is packaged, so it is not compared; neither is a file against itself.
        Assert.Null(diff.DmeposNutrition);
        Assert.Null(Diff.Compare(new DateOnly(2026, 1, 5), new DateOnly(2026, 2, 1), new ReleaseDiffOptions { Codes = CodeRange.Parse("E0601"), IncludeAmounts = false }).Dmepos);
        Assert.Null(Diff.Compare(new DateOnly(2025, 5, 1), new DateOnly(2026, 2, 1), new ReleaseDiffOptions { Codes = CodeRange.Parse("E0601"), IncludePartBSchedules = false }).Dmepos);
    }

    [Fact]
    public void DMEPOS_rows_added_and_deleted_are_the_keys_of_one_file_only()
    {
        var range = CodeRange.Parse("E0100-E9999");
        var dme = Diff.Compare(new DateOnly(2025, 5, 1), new DateOnly(2026, 2, 1), new ReleaseDiffOptions { Codes = range, IncludeAmounts = false }).Dmepos!;
        static HashSet<(HcpcsCode, Modifier, Modifier)> Keys(DmeposFeeSchedule f, CodeRange r) => [.. f.Rows.Where(i => r.Contains(i.Hcpcs)).Select(i => (i.Hcpcs, i.Modifier, i.Modifier2))];
        var (before, after) = (Keys(dme.From, range), Keys(dme.To, range));
        Assert.Equal(after.Except(before).Order().ToList(), dme.Rows.Where(r => r.Kind == ChangeKind.Added).Select(r => (r.Hcpcs, r.Modifier, r.Modifier2)).ToList());
        Assert.Equal(before.Except(after).Order().ToList(), dme.Rows.Where(r => r.Kind == ChangeKind.Deleted).Select(r => (r.Hcpcs, r.Modifier, r.Modifier2)).ToList());
        Assert.Contains(dme.Rows, r => r.Kind == ChangeKind.Changed);
    }

    [Fact]
    public void CLFS_rates_of_the_two_dates_quarters_0340U_3920_to_3590()
    {
        var lab = Diff.Compare(new DateOnly(2025, 5, 1), new DateOnly(2026, 1, 5), new ReleaseDiffOptions { Codes = CodeRange.Parse("0340U"), IncludeAmounts = false }).ClinicalLab!;
        Assert.Equal(("CLFS 2025 Q2", "CLFS 2026 Q1"), (lab.From.Name, lab.To.Name));
        var change = Assert.Single(lab.Changes);
        Assert.Equal((3920m, 3590m), (change.From!.Value.Rate, change.To!.Value.Rate));
    }

    /// <summary>
    /// The ASP file is an UNVERIFIED reconstruction of CMS's July 2026 file; its October "successor" is made here from
    /// it (one limit changed, one row deleted, one added): this checks the comparison, not CMS's amounts.
    /// </summary>
    [Fact]
    public void ASP_limits_added_deleted_and_changed_between_two_quarters_files_unverified()
    {
        string july = Data.Path("asp-unverified/July 2026 ASP Pricing File.RECONSTRUCTED.csv");
        var lines = File.ReadAllLines(july).ToList();
        int header = lines.FindIndex(l => l.StartsWith("HCPCS Code,", StringComparison.Ordinal));
        lines[lines.FindIndex(l => l.StartsWith("\"Effective July 1, 2026", StringComparison.Ordinal))] = "\"Effective October 1, 2026 through December 31, 2026\",,,,,,,,,,,,";
        lines[lines.FindIndex(l => l.StartsWith("J0121,", StringComparison.Ordinal))] = "J0121,\"Inj., omadacycline, 1 mg\",1 MG,4.250,19.524,,,,,,Inflation-adjusted coinsurance,,";
        lines.RemoveAt(lines.FindIndex(l => l.StartsWith("J1100,", StringComparison.Ordinal)));
        lines.Insert(header + 1, "90283,,1 ML,12.345,20.000,,,,,,,,");
        string october = Path.Combine(Path.GetTempPath(), $"asp-october-{Guid.NewGuid():N}.csv");
        File.WriteAllLines(october, lines);
        try
        {
            var catalog = PackagedFeeSchedules.Catalog.With(DrugPaymentLimitLoader.Load(july, null)).With(DrugPaymentLimitLoader.Load(october, null));
            var drugs = new ReleaseDiff(catalog).Compare(new DateOnly(2026, 7, 15), new DateOnly(2026, 10, 15), new ReleaseDiffOptions { IncludeAmounts = false, Codes = CodeRange.Parse("90283-J9999") }).Drugs!;
            Assert.Equal(["90283 Added", "J0121 Changed", "J1100 Deleted"], drugs.Changes.Select(c => $"{c.Hcpcs} {c.Kind}"));
            var j0121 = drugs.Changes[1];
            Assert.Equal((4.188m, 4.250m), (j0121.From!.Value.PaymentLimit, j0121.To!.Value.PaymentLimit));
            Assert.Equal(0.062m, j0121.Difference);
        }
        finally
        {
            File.Delete(october);
        }
    }
}
