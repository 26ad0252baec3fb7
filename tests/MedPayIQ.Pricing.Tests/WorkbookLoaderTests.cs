namespace MedPayIQ.Pricing.Tests;

/// <summary>
/// Golden tests of the workbook reader on CMS's own workbooks (tests/data: CLFS 2026 Q1V1.xlsx with its CPT
/// descriptors emptied, DMEPOS26_JAN.xlsx and DMEPEN26_JAN.xlsx unchanged), and of the packaged CSV made from each:
/// both give the same rows and amounts.
/// </summary>
public class WorkbookLoaderTests
{
    [Fact]
    public void Clfs_2026_Q1_workbook_has_every_row_of_CMSs_sheet()
    {
        // CLFS 2026 Q1V1.xlsx: 2,162 rows / 2,038 HCPCS, all effective 20260101; N 2,130, L 32.
        var lab = ClinicalLabLoader.Load(TestData.Path("CLFS 2026 Q1V1.xlsx"), null);
        Assert.Equal("CLFS 2026 Q1", lab.Name);
        Assert.Equal(new DateOnly(2026, 1, 1), lab.EffectiveFrom);
        Assert.Equal(2162, lab.Rows.Length);
        Assert.Equal(2038, lab.CodeCount);
        Assert.Equal(2130, lab.Rows.Count(r => r.Indicator == ClinicalLabIndicator.NationalLimit));
        Assert.Equal(32, lab.Rows.Count(r => r.Indicator == ClinicalLabIndicator.ContractorPriced));
        Assert.All(lab.Rows, r => Assert.Equal(new DateOnly(2026, 1, 1), r.EffectiveFrom));

        var date = new DateOnly(2026, 2, 10);
        Assert.True(lab.TryGet(HcpcsCode.Parse("80053"), ModifierSet.Empty, date, out var panel));
        Assert.Equal(10.56m, panel.Rate);
        // Stored in the sheet as 1305.3699999999999 (a double's digits): read as Excel shows it.
        Assert.True(lab.TryGet(HcpcsCode.Parse("0015M"), ModifierSet.Empty, date, out var m));
        Assert.Equal(1305.37m, m.Rate);
        Assert.True(lab.TryGet(HcpcsCode.Parse("87389"), ModifierSet.Parse("QW"), date, out var hiv));
        Assert.Equal((Modifier.Parse("QW"), 24.08m), (hiv.Modifier, hiv.Rate));
        Assert.True(lab.TryGet(HcpcsCode.Parse("0001U"), ModifierSet.Empty, date, out var typing));
        Assert.Equal(720m, typing.Rate);

        var file = Assert.Single(lab.Provenance.Files);
        Assert.Equal("CLFS 2026 Q1V1.xlsx", file.Name);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(TestData.Bytes("CLFS 2026 Q1V1.xlsx"))), file.Sha256);
        Assert.Contains(lab.Provenance.Notes, n => n.Contains("sheet 'CLFS 2026 Q1V1'", StringComparison.Ordinal));
    }

    [Fact]
    public void Clfs_2026_Q1_packaged_CSV_gives_the_workbooks_rates()
    {
        var workbook = ClinicalLabLoader.Load(TestData.Path("CLFS 2026 Q1V1.xlsx"), null);
        var packaged = PackagedFeeSchedules.ClinicalLab.Single(s => s.Year == 2026 && s.Quarter == 1);
        Assert.Equal(workbook.Rows, packaged.Rows);
        Assert.Contains(packaged.Provenance.Notes, n => n.Contains("4f57c9f1c3a8abb29d00c7ca9f9b86cb1fb7baecbf75e274760b7e03c7078ab5", StringComparison.Ordinal));
    }

    [Fact]
    public void Dmepos_January_2026_workbook_has_every_row_and_E0601_RR_California()
    {
        // DMEPOS26_JAN.xlsx: 3,515 rows / 2,106 HCPCS, 53 states and territories.
        var dme = DmeposLoader.Load(TestData.Path("DMEPOS26_JAN.xlsx"), null);
        Assert.Equal("DMEPOS 2026 Q1", dme.Name);
        Assert.False(dme.IsNutrition);
        Assert.Equal(3515, dme.Rows.Length);
        Assert.Equal(2106, dme.CodeCount);
        Assert.Equal(53, dme.States.Length);
        Assert.True(dme.TryGetAmount(HcpcsCode.Parse("E0601"), ModifierSet.Parse("RR"), "CA", rural: false, out var urban));
        Assert.Equal(50.44m, urban.Amount);
        Assert.True(dme.TryGetAmount(HcpcsCode.Parse("E0601"), ModifierSet.Parse("RR"), "CA", rural: true, out var rural));
        Assert.Equal(93.04m, rural.Amount);
        // A4216 AL: stored as 0.57999999999999996, shown (and paid) as 0.58; ceiling 0.63, floor 0.54.
        Assert.True(dme.TryGetAmount(HcpcsCode.Parse("A4216"), ModifierSet.Empty, "AL", rural: false, out var water));
        Assert.Equal((0.58m, 0.63m, 0.54m, 'J', "OS"), (water.Amount, water.Item.Ceiling, water.Item.Floor, water.Item.Jurisdiction, water.Item.Category));
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(TestData.Bytes("DMEPOS26_JAN.xlsx"))), Assert.Single(dme.Provenance.Files).Sha256);
        Assert.Equal("9a0596f9a05004431dd10b5e49347e452e8965d8416ff8d42ff3e9d5e68cf463", Assert.Single(dme.Provenance.Files).Sha256); // CMS's file, unchanged
    }

    [Fact]
    public void Dmepos_January_2026_packaged_CSV_gives_the_workbooks_amounts()
    {
        var workbook = DmeposLoader.Load(TestData.Path("DMEPOS26_JAN.xlsx"), null);
        var packaged = PackagedFeeSchedules.Dmepos.Single(s => s.Year == 2026);
        SameAmounts(workbook, packaged);
    }

    [Fact]
    public void Pen_January_2026_workbook_loads_as_the_nutrition_schedule()
    {
        // DMEPEN26_JAN.xlsx: 50 rows / 36 HCPCS, 53 states; HCPCS,MOD,MOD2 then AL(NR),AL(R)...: no JURIS, CATG, ceiling or floor.
        var pen = DmeposLoader.Load(TestData.Path("DMEPEN26_JAN.xlsx"), null);
        Assert.True(pen.IsNutrition);
        Assert.Equal("DMEPOS PEN 2026 Q1", pen.Name);
        Assert.Equal(50, pen.Rows.Length);
        Assert.Equal(36, pen.CodeCount);
        Assert.Equal(53, pen.States.Length);
        Assert.True(pen.TryGetAmount(HcpcsCode.Parse("B4034"), ModifierSet.Empty, "CA", rural: false, out var kit));
        Assert.Equal((3.83m, 'D', ""), (kit.Amount, kit.Item.Jurisdiction, kit.Item.Category));
        Assert.True(pen.TryGetAmount(HcpcsCode.Parse("B4034"), ModifierSet.Empty, "CA", rural: true, out var ruralKit));
        Assert.Equal(6.16m, ruralKit.Amount);
        Assert.True(pen.TryGetAmount(HcpcsCode.Parse("E0776"), ModifierSet.Parse("RR,BA"), "CA", rural: false, out var pole));
        Assert.Equal(6.54m, pole.Amount);
        Assert.Equal("b8bd71c84c85546c78565ab8a931faf5c844a15061a91023dd14c1fdaa43e1b7", Assert.Single(pen.Provenance.Files).Sha256);

        SameAmounts(pen, Assert.Single(PackagedFeeSchedules.DmeposNutrition));
    }

    [Fact]
    public void A_CMS_zip_holding_only_a_workbook_is_read_through_it()
    {
        using var zip = new MemoryStream();
        using (var archive = new System.IO.Compression.ZipArchive(zip, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            using var s = archive.CreateEntry("CLFS 2026 Q1V1.xlsx").Open();
            s.Write(TestData.Bytes("CLFS 2026 Q1V1.xlsx"));
        }

        zip.Position = 0;
        var lab = ClinicalLabLoader.Load(zip, "26CLABQ1.zip", null);
        Assert.Equal(2162, lab.Rows.Length);
        Assert.Equal("26CLABQ1.zip!CLFS 2026 Q1V1.xlsx", Assert.Single(lab.Provenance.Files).Name);
    }

    [Theory]
    [InlineData("10.5600000000000005", "10.56")]
    [InlineData("1305.3699999999999", "1305.37")]
    [InlineData("0.57999999999999996", "0.58")]
    [InlineData("4.0199999999999996", "4.02")]
    [InlineData("720", "720")]
    [InlineData("20260101", "20260101")]
    [InlineData("1.305369999999999E3", "1305.37")]
    [InlineData("5E-3", "0.005")]
    [InlineData("0", "0")]
    [InlineData("-0.10000000000000001", "-0.1")]
    [InlineData("#N/A", "#N/A")]
    public void A_number_cell_is_read_as_Excel_shows_it(string stored, string shown)
        => Assert.Equal(shown, WorkbookSheet.Number(stored));

    private static void SameAmounts(DmeposFeeSchedule a, DmeposFeeSchedule b)
    {
        Assert.Equal((a.Year, a.Quarter, a.IsNutrition), (b.Year, b.Quarter, b.IsNutrition));
        Assert.Equal(a.Rows, b.Rows);
        Assert.Equal(a.States, b.States);
        foreach (var item in a.Rows)
        {
            var modifiers = ModifierSet.Of(item.Modifier, item.Modifier2);
            foreach (var state in a.States)
            {
                foreach (bool rural in (bool[])[false, true])
                {
                    Assert.Equal(a.TryGetAmount(item.Hcpcs, modifiers, state, rural, out var x), b.TryGetAmount(item.Hcpcs, modifiers, state, rural, out var y));
                    Assert.Equal(x, y);
                }
            }
        }
    }
}
