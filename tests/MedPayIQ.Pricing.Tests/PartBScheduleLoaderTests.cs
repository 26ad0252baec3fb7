using System.IO.Compression;
using System.Security.Cryptography;

namespace MedPayIQ.Pricing.Tests;

/// <summary>Golden tests of the CLFS, DMEPOS and ASP loaders on CMS's files (the packaged copies and tests/data).</summary>
public class PartBScheduleLoaderTests
{
    private static ClinicalLabFeeSchedule Lab(int year) => PackagedFeeSchedules.ClinicalLab.Last(s => s.Year == year);

    [Fact]
    public void Clfs_2026_Q2_has_every_row_of_CMSs_file()
    {
        // PUF_CLFS_CY2026_Q2V1: 2,179 rows / 2,055 HCPCS; EFF_DATE 20260101 (2,162) and 20260401 (17); N 2,130, L 49.
        var lab = Lab(2026);
        Assert.Equal("CLFS 2026 Q2", lab.Name);
        Assert.Equal(new DateOnly(2026, 4, 1), lab.EffectiveFrom);
        Assert.Equal(new DateOnly(2026, 6, 30), lab.NominalEffectiveThrough);
        Assert.Equal(2179, lab.Rows.Length);
        Assert.Equal(2055, lab.CodeCount);
        Assert.Equal(2162, lab.Rows.Count(r => r.EffectiveFrom == new DateOnly(2026, 1, 1)));
        Assert.Equal(17, lab.Rows.Count(r => r.EffectiveFrom == new DateOnly(2026, 4, 1)));
        Assert.Equal(2130, lab.Rows.Count(r => r.Indicator == ClinicalLabIndicator.NationalLimit));
        Assert.Equal(49, lab.Rows.Count(r => r.Indicator == ClinicalLabIndicator.ContractorPriced));
        Assert.All(lab.Rows.Where(r => r.Indicator == ClinicalLabIndicator.ContractorPriced), r => Assert.Equal(0m, r.Rate));
    }

    [Fact]
    public void A_schedules_code_lookup_finds_every_code_it_lists_and_no_other()
    {
        // The code index answers most codes from a bit per three-character prefix before its hash: the bits must never
        // hide a listed code, and a code the file does not list is never found.
        var rvuCodes = TestData.Rvu26C.Rvus.Rows.Select(r => r.Hcpcs).Distinct().ToArray();
        foreach (var lab in PackagedFeeSchedules.ClinicalLab)
        {
            var listed = lab.Rows.Select(r => r.Hcpcs).ToHashSet();
            Assert.All(listed, c => Assert.True(lab.Contains(c), $"{lab.Name} {c}"));
            Assert.All(rvuCodes.Where(c => !listed.Contains(c)), c => Assert.False(lab.Contains(c), $"{lab.Name} {c}"));
        }

        foreach (var dme in PackagedFeeSchedules.Dmepos)
        {
            var listed = dme.Rows.Select(r => r.Hcpcs).ToHashSet();
            Assert.All(listed, c => Assert.True(dme.Contains(c), $"{dme.Name} {c}"));
            Assert.All(rvuCodes.Where(c => !listed.Contains(c)), c => Assert.False(dme.Contains(c), $"{dme.Name} {c}"));
        }

        Assert.False(Lab(2026).Contains(HcpcsCode.None));
    }

    [Fact]
    public void Clfs_2026_Q2_80053_is_10_56_with_and_without_QW()
    {
        var lab = Lab(2026);
        var date = new DateOnly(2026, 5, 4);
        Assert.True(lab.TryGet(HcpcsCode.Parse("80053"), ModifierSet.Empty, date, out var plain));
        Assert.Equal(new ClinicalLabRate(HcpcsCode.Parse("80053"), Modifier.None, new DateOnly(2026, 1, 1), ClinicalLabIndicator.NationalLimit, 10.56m), plain);
        Assert.True(lab.TryGet(HcpcsCode.Parse("80053"), ModifierSet.Parse("QW"), date, out var waived));
        Assert.Equal(Modifier.Parse("QW"), waived.Modifier);
        Assert.Equal(10.56m, waived.Rate);
        // A modifier the file has no row for (90, reference laboratory) takes the row without modifier.
        Assert.True(lab.TryGet(HcpcsCode.Parse("80053"), ModifierSet.Parse("90"), date, out var reference));
        Assert.Equal(Modifier.None, reference.Modifier);
        Assert.False(lab.TryGet(HcpcsCode.Parse("99213"), ModifierSet.Empty, date, out _));
    }

    [Fact]
    public void Clfs_rows_effective_in_April_are_not_found_before_it()
    {
        var lab = Lab(2026);
        var april = lab.Rows.First(r => r.EffectiveFrom == new DateOnly(2026, 4, 1));
        Assert.False(lab.TryGet(april.Hcpcs, ModifierSet.Of(april.Modifier), new DateOnly(2026, 3, 31), out _));
        Assert.True(lab.TryGet(april.Hcpcs, ModifierSet.Of(april.Modifier), new DateOnly(2026, 4, 1), out var found));
        Assert.Equal(april, found);
    }

    [Fact]
    public void Clfs_2025_Q2_has_every_row_of_CMSs_file()
    {
        // CLFS 2025 Q2V1.csv: 2,105 rows / 1,987 HCPCS; N 2,039, L 66.
        var lab = Lab(2025);
        Assert.Equal("CLFS 2025 Q2", lab.Name);
        Assert.Equal(2105, lab.Rows.Length);
        Assert.Equal(1987, lab.CodeCount);
        Assert.Equal(2039, lab.Rows.Count(r => r.Indicator == ClinicalLabIndicator.NationalLimit));
        Assert.Equal(66, lab.Rows.Count(r => r.Indicator == ClinicalLabIndicator.ContractorPriced));
        Assert.True(lab.TryGet(HcpcsCode.Parse("80053"), ModifierSet.Empty, new DateOnly(2025, 4, 1), out var cmp));
        Assert.Equal(10.56m, cmp.Rate);
        Assert.Contains("Packaged with MedPayIQ.Pricing.Data.", lab.Provenance.Notes);
        Assert.Equal(FeeScheduleFileKind.ClinicalLab, Assert.Single(lab.Provenance.Files).Kind);
    }

    [Fact]
    public void Clfs_tilde_text_and_CMSs_zip_give_the_same_rates_as_the_csv()
    {
        var csv = Lab(2026);
        var txt = ClinicalLabLoader.Load(TestData.Path("PUF_CLFS_CY2026_Q2V1.txt"), null);
        Assert.Equal(csv.Rows, txt.Rows);
        Assert.Equal("CLFS 2026 Q2", txt.Name);

        // A zip laid out as CMS's clfs-cy2026-q2v1.zip (the PDF, the workbook, the CSV and the text): the CSV is read.
        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            Add(archive, "PUF CLFS CY2026 Q2V1.pdf", [0x25, 0x50, 0x44, 0x46]);
            Add(archive, "PUF_CLFS_CY2026_Q2V1.xlsx", [0x50, 0x4B, 3, 4]);
            Add(archive, "PUF_CLFS_CY2026_Q2V1.txt", File.ReadAllBytes(TestData.Path("PUF_CLFS_CY2026_Q2V1.txt")));
        }

        zip.Position = 0;
        var fromZip = ClinicalLabLoader.Load(zip, "clfs-cy2026-q2v1.zip", null);
        Assert.Equal(csv.Rows, fromZip.Rows);
        Assert.Equal("clfs-cy2026-q2v1.zip", fromZip.Provenance.Origin);
        var source = Assert.Single(fromZip.Provenance.Files);
        Assert.Equal("clfs-cy2026-q2v1.zip!PUF_CLFS_CY2026_Q2V1.txt", source.Name);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(TestData.Path("PUF_CLFS_CY2026_Q2V1.txt")))), source.Sha256);
    }

    [Fact]
    public void Clfs_quarters_compare_rate_by_rate()
    {
        var changes = ClinicalLabFeeSchedule.Compare(Lab(2025), Lab(2026));
        Assert.Equal(94, changes.Count(c => c.From is null));
        Assert.Equal(20, changes.Count(c => c.To is null));
        Assert.Equal(70, changes.Count(c => c.From is not null && c.To is not null));
        var z = Assert.Single(changes, c => c.Hcpcs == HcpcsCode.Parse("0020M"));
        Assert.Equal((0m, ClinicalLabIndicator.ContractorPriced), (z.From!.Value.Rate, z.From.Value.Indicator));
        Assert.Equal((2500m, ClinicalLabIndicator.NationalLimit), (z.To!.Value.Rate, z.To.Value.Indicator));
        Assert.DoesNotContain(changes, c => c.Hcpcs == HcpcsCode.Parse("80053")); // 10.56 in both
        Assert.Empty(ClinicalLabFeeSchedule.Compare(Lab(2026), Lab(2026)));
    }

    private static void Add(ZipArchive archive, string name, byte[] content)
    {
        using var s = archive.CreateEntry(name).Open();
        s.Write(content);
    }

    [Fact]
    public void Dmepos_April_2025_has_every_row_and_E0601_RR_California()
    {
        // DMEPOS25_APR.csv: 3,511 rows / 2,100 HCPCS, 53 states and territories (NR and R each).
        var dme = PackagedFeeSchedules.Dmepos.Single(s => s.Year == 2025);
        Assert.Equal("DMEPOS 2025 Q2", dme.Name);
        Assert.Equal(3511, dme.Rows.Length);
        Assert.Equal(2100, dme.CodeCount);
        Assert.Equal(53, dme.States.Length);
        Assert.Equal(["AL", "AR", "AZ", "CA"], dme.States.Take(4));
        Assert.Equal(["PR", "VI"], dme.States.TakeLast(2));

        var e0601 = HcpcsCode.Parse("E0601");
        Assert.True(dme.TryGetAmount(e0601, ModifierSet.Parse("RR"), "CA", rural: false, out var urban));
        Assert.Equal(49.12m, urban.Amount);
        Assert.False(urban.Rural);
        Assert.Equal('D', urban.Item.Jurisdiction);
        Assert.Equal("CR", urban.Item.Category);
        Assert.True(dme.TryGetAmount(e0601, ModifierSet.Parse("RR"), "CA", rural: true, out var rural));
        Assert.Equal(91.03m, rural.Amount);
        Assert.True(rural.Rural);
        // E0601 has only an RR row: no modifier, no row.
        Assert.False(dme.TryGetAmount(e0601, ModifierSet.Empty, "CA", rural: false, out _));
        Assert.False(dme.TryGetAmount(e0601, ModifierSet.Parse("RR"), "ZZ", rural: false, out _));
    }

    [Fact]
    public void Dmepos_rural_amount_of_zero_falls_back_to_the_non_rural_amount()
    {
        var dme = PackagedFeeSchedules.Dmepos.Single(s => s.Year == 2025);
        // A4216: AL non-rural 0.57, rural 0.00 in the file.
        Assert.True(dme.TryGetAmount(HcpcsCode.Parse("A4216"), ModifierSet.Empty, "AL", rural: true, out var amount));
        Assert.Equal(0.57m, amount.Amount);
        Assert.False(amount.Rural);
        Assert.True(amount.RuralFellBack);
        Assert.Equal(0.62m, amount.Item.Ceiling);
        Assert.Equal(0.53m, amount.Item.Floor);
    }

    [Fact]
    public void Dmepos_former_CBA_schedule_of_April_2025()
    {
        // formerCBA_APR2025.csv: 617 rows / 318 HCPCS, 130 former competitive bidding areas.
        var former = Assert.Single(PackagedFeeSchedules.DmeposFormerCba);
        Assert.Equal("DMEPOS former CBA 2025 Q2", former.Name);
        Assert.Equal(617, former.Rows.Length);
        Assert.Equal(318, former.CodeCount);
        Assert.Equal(130, former.Areas.Length);
        Assert.Equal("Aiken County, SC", former.Areas[0]);
        Assert.True(former.TryGetAmount(HcpcsCode.Parse("E0601"), ModifierSet.Parse("RR"), "San Francisco, CA", out var item, out var amount));
        Assert.Equal(53.09m, amount);
        Assert.Equal("CR", item.Category);
        // The ZIP code file names the area "San Francisco CA CBA": the same area.
        Assert.True(former.TryGetAmount(HcpcsCode.Parse("E0601"), ModifierSet.Parse("RR"), "San Francisco CA CBA", out _, out var same));
        Assert.Equal(53.09m, same);
        // L0450 has no amount ('.') in the former CBAs: the state's non-rural amount applies there.
        Assert.False(former.TryGetAmount(HcpcsCode.Parse("L0450"), ModifierSet.Empty, "Boston, MA", out _, out _));
        // Every area the 2025 Q2 ZIP code file names is a column of the schedule.
        var zips = PackagedFeeSchedules.DmeposZipFiles.Single(s => s.Year == 2025);
        var named = Enumerable.Range(0, 100_000).Select(z => zips.TryGet(z, out var a) ? a.FormerCompetitiveBiddingArea : null).OfType<string>().Distinct().ToList();
        Assert.Equal(130, named.Count);
        Assert.All(named, area => Assert.True(former.TryGetAmount(HcpcsCode.Parse("E0601"), ModifierSet.Parse("RR"), area, out _, out _), area));
    }

    [Fact]
    public void Dmepos_zip_files_of_2025_Q2_and_2026_Q1()
    {
        var q2 = PackagedFeeSchedules.DmeposZipFiles.Single(s => s.Year == 2025);
        Assert.Equal("DMEPOS ZIP 2025 Q2", q2.Name);
        Assert.Equal(32036, q2.Count);
        Assert.Equal(15912, q2.RuralCount);
        Assert.True(q2.TryGet(1223, out var ma));
        Assert.Equal(new DmeposZipArea(1223, "MA", true, null), ma);
        Assert.True(q2.TryGet(90704, out var ca));
        Assert.True(ca.Rural);
        Assert.Equal("CA", ca.State);
        Assert.Equal(494, CountArea(q2, "Los Angeles County CA CBA"));

        var q1 = DmeposLoader.LoadZipCodes(TestData.Path("DME Rural ZIP Code Quarter 1 2026.csv"), null);
        Assert.Equal("DMEPOS ZIP 2026 Q1", q1.Name);
        Assert.Equal(32035, q1.Count);
        Assert.Equal(15911, q1.RuralCount);
        Assert.Equal(new DateOnly(2026, 1, 1), q1.EffectiveFrom);
    }

    private static int CountArea(DmeposZipFile file, string area)
    {
        int n = 0;
        for (int zip = 0; zip <= 99999; zip++)
        {
            n += file.TryGet(zip, out var a) && a.FormerCompetitiveBiddingArea == area ? 1 : 0;
        }

        return n;
    }

    /// <summary>
    /// The ASP file in tests/data is an UNVERIFIED reconstruction of CMS's July 2026 payment limit file (rebuilt from a
    /// text index of a copy; its sha256 does not match the one its source records). It tests the loader on the layout
    /// only: the amounts below are the reconstruction's, never asserted as CMS's, and the file is never packaged.
    /// </summary>
    [Fact]
    public void Asp_loader_reads_the_unverified_reconstruction_of_the_July_2026_layout()
    {
        var asp = DrugPaymentLimitLoader.Load(TestData.Path("asp-unverified/July 2026 ASP Pricing File.RECONSTRUCTED.csv"), new FeeScheduleLoadOptions { Notes = ["UNVERIFIED reconstruction: loader test only."] });
        Assert.Equal("ASP 2026 Q3", asp.Name);
        Assert.Equal(new DateOnly(2026, 7, 1), asp.EffectiveFrom);
        Assert.Equal(890, asp.CodeCount);
        Assert.Equal(890, asp.Rows.Length); // one row a code, by code
        Assert.True(asp.Rows.Select(r => r.Hcpcs).SequenceEqual(asp.Rows.Select(r => r.Hcpcs).Order()));
        Assert.True(asp.Contains(HcpcsCode.Parse("90371")));
        Assert.True(asp.TryGet(HcpcsCode.Parse("90371"), out var hepB));
        Assert.Equal("1 ML", hepB.Dosage);
        Assert.Equal(136.952m, hepB.PaymentLimit);
        Assert.Equal(20m, hepB.CoinsurancePercent);
        Assert.True(asp.TryGet(HcpcsCode.Parse("90653"), out var flu));
        Assert.Equal(0m, flu.CoinsurancePercent);
        Assert.Equal(98.160m, flu.VaccineLimit);
        Assert.StartsWith("see the Seasonal Influenza", flu.Notes, StringComparison.Ordinal);
        Assert.True(asp.TryGet(HcpcsCode.Parse("Q9998"), out var q9998));
        Assert.Equal("\"lesser of\" methodology applied; 8% of reference add-on applied", q9998.Notes);
        Assert.True(asp.TryGet(HcpcsCode.Parse("A9606"), out var radium)); // Payment Limit N/A; notes over two lines
        Assert.Null(radium.PaymentLimit);
        Assert.Equal("microCurie 100% AWP = $212.84\nmicroCurie 100% WAC = $177.37", radium.Notes.Replace("\r\n", "\n", StringComparison.Ordinal));
        Assert.True(asp.TryGet(HcpcsCode.Parse("J0121"), out var omadacycline));
        Assert.Equal(19.524m, omadacycline.CoinsurancePercent); // inflation-adjusted coinsurance
        Assert.Contains("UNVERIFIED reconstruction: loader test only.", asp.Provenance.Notes);
        Assert.Empty(PackagedFeeSchedules.Catalog.DrugPaymentLimits); // never packaged
    }

    [Fact]
    public void Every_quarterly_loader_takes_the_release_loader_s_options_and_refuses_a_release_id()
    {
        var path = TestData.Path("PUF_CLFS_CY2026_Q2V1.txt");
        var options = new FeeScheduleLoadOptions { ReleaseId = ReleaseId.Parse("RVU26B") };
        var ex = Assert.Throws<ArgumentException>(() => ClinicalLabLoader.Load(path, options));
        Assert.Equal("options", ex.ParamName);
        Assert.StartsWith("FeeScheduleLoadOptions.ReleaseId (RVU26B) names a physician fee schedule release; a CLFS file's quarter comes from its name or contents, or from FeeScheduleLoadOptions.EffectiveFrom.", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => DmeposLoader.LoadZipCodes(TestData.Path("DME Rural ZIP Code Quarter 1 2026.csv"), options));
        Assert.Equal("path", Assert.Throws<ArgumentException>(() => DrugPaymentLimitLoader.Load("", null)).ParamName);
        Assert.Equal("zipPath", Assert.Throws<ArgumentException>(() => FeeScheduleLoader.LoadZipFile("", null)).ParamName);

        // The same size limit and its message as a release's.
        var small = Assert.Throws<FeeScheduleFormatException>(() => ClinicalLabLoader.Load(path, new FeeScheduleLoadOptions { MaxFileBytes = 1024 }));
        Assert.Contains("FeeScheduleLoadOptions.MaxFileBytes", small.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_catalog_takes_every_kind_of_quarterly_file_through_one_With()
    {
        QuarterlySchedule[] files =
        [
            .. PackagedFeeSchedules.ClinicalLab, .. PackagedFeeSchedules.Dmepos, .. PackagedFeeSchedules.DmeposNutrition,
            .. PackagedFeeSchedules.DmeposZipFiles, .. PackagedFeeSchedules.DmeposFormerCba,
        ];
        var catalog = files.Aggregate(FeeScheduleCatalog.Empty, (c, f) => c.With(f));
        Assert.Equal(PackagedFeeSchedules.ClinicalLab, catalog.ClinicalLabSchedules);
        Assert.Equal(PackagedFeeSchedules.Dmepos, catalog.DmeposSchedules);
        Assert.Equal(PackagedFeeSchedules.DmeposNutrition, catalog.DmeposNutritionSchedules); // kept beside the quarter's DMEPOS file
        Assert.Equal(PackagedFeeSchedules.DmeposZipFiles, catalog.DmeposZipFiles);
        Assert.Equal(PackagedFeeSchedules.DmeposFormerCba, catalog.DmeposFormerCbaSchedules);

        // A file of a kind and quarter already there replaces it.
        var again = catalog.With(files[0]).With(files[0]);
        Assert.Equal(catalog.ClinicalLabSchedules, again.ClinicalLabSchedules);
        Assert.All(files, f => Assert.Equal(new DateOnly(f.Year, ((f.Quarter - 1) * 3) + 1, 1), f.EffectiveFrom));
    }
}
