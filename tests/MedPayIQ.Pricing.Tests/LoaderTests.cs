using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace MedPayIQ.Pricing.Tests;

/// <summary>Loading from folders, archives and memory; the fixed-width file; provenance.</summary>
public sealed class LoaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("medpayiq-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly string[] Rvu25DFiles = ["RVU25D/PPRRVU2025_Oct.csv", "2025/GPCI2025.csv", "2025/25LOCCO.csv", "2025/ANES2025.csv", "2025/OPPSCAP_Oct.csv", "zip/ZIP5_OCT2025.txt"];

    [Fact]
    public void Fixed_width_TXT_and_CSV_of_RVU25D_hold_the_same_rows()
    {
        var txt = FeeScheduleLoader.Load([FeeScheduleFile.FromBytes(FeeScheduleFileKind.RvuFixedWidth, "PPRRVU2025_Oct.txt", TestData.Bytes("PPRRVU2025_Oct.txt"))],
            new FeeScheduleLoadOptions { ReleaseId = ReleaseId.Parse("RVU25D") });
        var csv = TestData.Rvu25D;
        Assert.Equal(19_090, txt.Rvus.Count);
        Assert.Equal(csv.Rvus.Count, txt.Rvus.Count);
        for (int i = 0; i < csv.Rvus.Count; i++)
        {
            var a = csv.Rvus.Rows[i];
            var b = txt.Rvus.Rows[i];
            Assert.Equal(a.ToString(), b.ToString());
            Assert.Equal(
                (a.WorkRvu, a.NonFacilityPracticeExpenseRvu, a.FacilityPracticeExpenseRvu, a.MalpracticeRvu, a.NonFacilityTotalRvu, a.FacilityTotalRvu, a.NonFacilityNotApplicable, a.FacilityNotApplicable, a.NotUsedForMedicarePayment),
                (b.WorkRvu, b.NonFacilityPracticeExpenseRvu, b.FacilityPracticeExpenseRvu, b.MalpracticeRvu, b.NonFacilityTotalRvu, b.FacilityTotalRvu, b.NonFacilityNotApplicable, b.FacilityNotApplicable, b.NotUsedForMedicarePayment));
            Assert.Equal(
                (a.PcTc, a.GlobalPeriod, a.PreOperativeShare, a.IntraOperativeShare, a.PostOperativeShare, a.MultipleProcedure, a.BilateralSurgery, a.AssistantAtSurgery, a.CoSurgeons, a.TeamSurgery),
                (b.PcTc, b.GlobalPeriod, b.PreOperativeShare, b.IntraOperativeShare, b.PostOperativeShare, b.MultipleProcedure, b.BilateralSurgery, b.AssistantAtSurgery, b.CoSurgeons, b.TeamSurgery));
            Assert.Equal(
                (a.EndoscopicBaseCode, a.ConversionFactor, a.PhysicianSupervision, a.CalculationFlag, a.DiagnosticImagingFamily, a.OppsNonFacilityPracticeExpenseRvu, a.OppsFacilityPracticeExpenseRvu, a.OppsMalpracticeRvu),
                (b.EndoscopicBaseCode, b.ConversionFactor, b.PhysicianSupervision, b.CalculationFlag, b.DiagnosticImagingFamily, b.OppsNonFacilityPracticeExpenseRvu, b.OppsFacilityPracticeExpenseRvu, b.OppsMalpracticeRvu));
            Assert.Equal(csv.Rvus.GetDescription(a), txt.Rvus.GetDescription(b));
        }
    }

    [Fact]
    public void A_folder_as_CMS_ships_it_loads_with_provenance_and_hashes()
    {
        foreach (var f in Rvu25DFiles)
        {
            File.WriteAllBytes(Path.Combine(_dir, Path.GetFileName(f)), TestData.Packaged(f));
        }

        File.WriteAllBytes(Path.Combine(_dir, "PPRRVU2025_Oct.txt"), TestData.Bytes("PPRRVU2025_Oct.txt"));
        File.WriteAllText(Path.Combine(_dir, "RVU25D.pdf"), "not a data file");
        var sub = Directory.CreateDirectory(Path.Combine(_dir, "RVU25D")).FullName;
        foreach (var f in Directory.GetFiles(_dir))
        {
            File.Move(f, Path.Combine(sub, Path.GetFileName(f)));
        }

        var release = FeeScheduleLoader.LoadDirectory(sub);
        Assert.Equal("RVU25D", release.Id.ToString());
        Assert.Equal(new DateOnly(2025, 10, 1), release.EffectiveFrom);
        Assert.Equal(new DateOnly(2025, 12, 31), release.NominalEffectiveThrough);
        Assert.Equal(new DateOnly(2025, 9, 11), release.Provenance.ReleasedOn);
        Assert.Equal("2025 National Physician Fee Schedule Relative Value File October Release", release.Provenance.Title);
        Assert.Equal(6, release.Provenance.Files.Length);
        var rvu = release.Provenance.Files[0];
        Assert.Equal(FeeScheduleFileKind.RvuCsv, rvu.Kind);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(TestData.Packaged(Rvu25DFiles[0]))), rvu.Sha256);
        Assert.Equal(rvu.Sha256, release.RvuFileSha256);
        var gpci = release.Provenance.Files.Single(f => f.Kind == FeeScheduleFileKind.Gpci);
        Assert.Equal("fc106f49547d0821db8fc33eee4f532d4a90e41110976659f80ac9e3a438f26e", gpci.Sha256); // SOURCES.md
        Assert.Contains(release.Provenance.Notes, n => n.Contains("PPRRVU2025_Oct.txt was not loaded", StringComparison.Ordinal));
        Assert.Equal(TestData.Rvu25D.Rvus.Count, release.Rvus.Count);
    }

    [Fact]
    public void A_zip_archive_with_nested_folders_loads_and_names_the_release()
    {
        var zipPath = Path.Combine(_dir, "RVU25D.zip");
        using (var zip = ZipFile.Open(zipPath, ZipArchiveMode.Create))
        {
            foreach (var f in Rvu25DFiles)
            {
                using var s = zip.CreateEntry("rvu25d_0/" + Path.GetFileName(f)).Open();
                s.Write(TestData.Packaged(f));
            }

            zip.CreateEntry("rvu25d_0/RVU25D.pdf").Open().Dispose();
        }

        var release = FeeScheduleLoader.LoadZipFile(zipPath);
        Assert.Equal("RVU25D", release.Id.ToString());
        Assert.Equal(19_090, release.Rvus.Count);
        Assert.Equal(109, release.Localities.Count);
        Assert.Equal(16_100, release.OppsCaps.Count);
        Assert.Equal("RVU25D.zip", release.Provenance.Origin);
    }

    [Fact]
    public void Options_set_the_release_and_its_effective_date()
    {
        var bytes = TestData.Packaged("RVU25A/PPRRVU25_JAN1.excel-resaved.csv");
        var correction = FeeScheduleLoader.Load([FeeScheduleFile.FromBytes(FeeScheduleFileKind.RvuCsv, "PPRRVU25_JAN.csv", bytes)],
            new FeeScheduleLoadOptions { ReleaseId = ReleaseId.Parse("RVU25AR"), EffectiveFrom = new DateOnly(2025, 1, 15), Notes = ["correction notice"] });
        Assert.Equal((2025, 'A', 1), (correction.Id.Year, correction.Id.Quarter, correction.Id.Revision));
        Assert.Equal(new DateOnly(2025, 1, 15), correction.EffectiveFrom);
        Assert.Contains("correction notice", correction.Provenance.Notes);
        var catalog = FeeScheduleCatalog.Create([TestData.Rvu25A, correction]);
        Assert.Same(TestData.Rvu25A, catalog.Resolve(new DateOnly(2025, 1, 14)).Release);
        Assert.Same(correction, catalog.Resolve(new DateOnly(2025, 1, 15)).Release);
        Assert.Throws<FormatException>(() => ReleaseId.Parse("2025A")); // a release id is validated where it is made, not by the loader
    }

    [Fact]
    public void With_both_2026_RVU_files_the_non_qualifying_one_is_the_release_s_and_the_QPP_one_its_qualifying_variant()
    {
        var bytes = TestData.Packaged("RVU26C/PPRRVU2026_Jul_nonQPP.csv");
        var release = FeeScheduleLoader.Load(
        [
            FeeScheduleFile.FromBytes(FeeScheduleFileKind.RvuCsv, "PPRRVU2026_Jul_QPP.csv", bytes),
            FeeScheduleFile.FromBytes(FeeScheduleFileKind.RvuCsv, "PPRRVU2026_Jul_nonQPP.csv", bytes),
        ]);
        Assert.Equal("PPRRVU2026_Jul_nonQPP.csv", release.Provenance.Files[0].Name);
        Assert.False(release.IsQualifyingApmParticipantFile);
        Assert.Contains(release.Provenance.Notes, n => n.StartsWith("PPRRVU2026_Jul_QPP.csv is loaded as the release's qualifying APM participant schedule", StringComparison.Ordinal));
        Assert.Equal("PPRRVU2026_Jul_QPP.csv", release.QualifyingVariant!.Provenance.Files[0].Name);
        Assert.True(release.QualifyingVariant.IsQualifyingApmParticipantFile);
        var qpOnly = FeeScheduleLoader.Load([FeeScheduleFile.FromBytes(FeeScheduleFileKind.RvuCsv, "PPRRVU2026_Jul_QPP.csv", bytes)]);
        Assert.True(qpOnly.IsQualifyingApmParticipantFile);
        var two = Assert.Throws<FeeScheduleFormatException>(() => FeeScheduleLoader.Load(
        [
            FeeScheduleFile.FromBytes(FeeScheduleFileKind.RvuCsv, "PPRRVU2026_Jul_A.csv", bytes),
            FeeScheduleFile.FromBytes(FeeScheduleFileKind.RvuCsv, "PPRRVU2026_Jul_B.csv", bytes),
        ]));
        Assert.Contains("several PPRRVU files", two.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Named_files_load_and_unknown_names_are_refused()
    {
        var rvu = Path.Combine(_dir, "PPRRVU2026_Jul_nonQPP.csv");
        var gpci = Path.Combine(_dir, "GPCI2026.csv");
        File.WriteAllBytes(rvu, TestData.Packaged("RVU26C/PPRRVU2026_Jul_nonQPP.csv"));
        File.WriteAllBytes(gpci, TestData.Packaged("RVU26C/GPCI2026.csv"));
        var release = FeeScheduleLoader.LoadFiles([rvu, gpci]);
        Assert.Equal("RVU26C", release.Id.ToString());
        Assert.Equal(19_356, release.Rvus.Count);
        Assert.Equal(109, release.Localities.Count);
        Assert.Equal(TestData.Rvu26C.RvuFileSha256, release.RvuFileSha256);

        var other = Path.Combine(_dir, "notes.csv");
        File.WriteAllText(other, "x");
        Assert.Throws<ArgumentException>(() => FeeScheduleLoader.LoadFiles([rvu, other]));
        Assert.Throws<DirectoryNotFoundException>(() => FeeScheduleLoader.LoadDirectory(Path.Combine(_dir, "missing")));
    }

    [Fact]
    public void Loading_is_deterministic_and_thread_safe()
    {
        var bytes = TestData.Packaged("RVU25D/PPRRVU2025_Oct.csv");
        var releases = new FeeScheduleRelease[8];
        Parallel.For(0, releases.Length, i => releases[i] = FeeScheduleLoader.Load(
            [FeeScheduleFile.FromBytes(FeeScheduleFileKind.RvuCsv, "PPRRVU2025_Oct.csv", bytes)], new FeeScheduleLoadOptions { ReleaseId = ReleaseId.Parse("RVU25D") }));
        foreach (var r in releases)
        {
            Assert.Equal(releases[0].RvuFileSha256, r.RvuFileSha256);
            Assert.Equal(releases[0].Rvus.Rows.Select(e => (e.Hcpcs, e.Modifier, e.WorkRvu, e.FacilityPracticeExpenseRvu)),
                r.Rvus.Rows.Select(e => (e.Hcpcs, e.Modifier, e.WorkRvu, e.FacilityPracticeExpenseRvu)));
        }
    }

    [Fact]
    public void Release_id_is_read_from_the_title_when_the_name_does_not_say()
    {
        var release = FeeScheduleLoader.Load([FeeScheduleFile.FromBytes(FeeScheduleFileKind.RvuCsv, "rates.csv", TestData.Packaged("RVU26C/PPRRVU2026_Jul_nonQPP.csv"))]);
        Assert.Equal(ReleaseId.Parse("RVU26C"), release.Id);
        Assert.Equal(new DateOnly(2026, 7, 1), release.EffectiveFrom);
        Assert.Equal(0, release.Localities.Count); // no GPCI file: an empty table, not null
        Assert.Contains(release.Provenance.Notes, n => n.Contains("No Gpci file", StringComparison.Ordinal));
    }

    [Fact]
    public void Release_id_falls_back_to_the_CMS_file_name()
    {
        var bytes = Encoding.ASCII.GetBytes(Encoding.ASCII.GetString(TestData.Packaged("RVU25D/PPRRVU2025_Oct.csv")).Replace("October Release", "Release", StringComparison.Ordinal));
        var release = FeeScheduleLoader.Load([FeeScheduleFile.FromBytes(FeeScheduleFileKind.RvuCsv, "PPRRVU2025_Oct.csv", bytes)]);
        Assert.Equal("RVU25D", release.Id.ToString());
        var unnamed = Assert.Throws<FeeScheduleFormatException>(() => FeeScheduleLoader.Load([FeeScheduleFile.FromBytes(FeeScheduleFileKind.RvuCsv, "x.csv", bytes)]));
        Assert.Contains("ReleaseId", unnamed.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("PPRRVU2025_Oct.csv", FeeScheduleFileKind.RvuCsv)]
    [InlineData("pprrvu25_jan.TXT", FeeScheduleFileKind.RvuFixedWidth)]
    [InlineData("GPCI2025.csv", FeeScheduleFileKind.Gpci)]
    [InlineData("25LOCCO.csv", FeeScheduleFileKind.LocalityCounties)]
    [InlineData("ANES2025.csv", FeeScheduleFileKind.Anesthesia)]
    [InlineData("OPPSCAP_Oct.csv", FeeScheduleFileKind.OppsCap)]
    [InlineData("ZIP5_OCT2025.txt", FeeScheduleFileKind.Zip5)]
    [InlineData("ZIP5lyout.txt", null)]
    [InlineData("PPRRVU2025_Oct.xlsx", null)]
    [InlineData("RVU25D.pdf", null)]
    public void File_kinds_are_told_by_CMS_names(string name, FeeScheduleFileKind? kind)
        => Assert.Equal(kind, FeeScheduleFile.DetectKind(name));

    [Fact]
    public void A_folder_without_an_RVU_file_is_refused_with_a_reason()
    {
        File.WriteAllBytes(Path.Combine(_dir, "GPCI2025.csv"), TestData.Packaged("2025/GPCI2025.csv"));
        var ex = Assert.Throws<FeeScheduleFormatException>(() => FeeScheduleLoader.LoadDirectory(_dir));
        Assert.Contains("no PPRRVU file", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_RVU_file_in_a_folder_is_refused_by_name()
    {
        File.WriteAllBytes(Path.Combine(_dir, "PPRRVU2025_Oct.csv"), []);
        var ex = Assert.Throws<FeeScheduleFormatException>(() => FeeScheduleLoader.LoadDirectory(_dir));
        Assert.Equal("PPRRVU2025_Oct.csv", ex.FileName);
        Assert.Contains("the file is empty", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_zip_that_is_not_a_zip_is_refused()
    {
        var ex = Assert.Throws<FeeScheduleFormatException>(() => FeeScheduleLoader.LoadZip(new MemoryStream(Encoding.ASCII.GetBytes("PK not really")), "RVU25D.zip"));
        Assert.Equal("RVU25D.zip", ex.FileName);
    }

    [Fact]
    public void A_file_over_the_size_limit_is_refused_before_parsing()
    {
        var ex = Assert.Throws<FeeScheduleFormatException>(() => FeeScheduleFile.FromStream(FeeScheduleFileKind.RvuCsv, "big.csv", new MemoryStream(new byte[2048]), maxBytes: 1024));
        Assert.Contains("larger than", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Packaged_provenance_says_what_stands_in()
    {
        var a = TestData.Rvu25A.Provenance;
        Assert.Contains(a.Notes, n => n.Contains("OPPSCAP_Oct.csv (RVU25D, October 2025) stands in", StringComparison.Ordinal));
        Assert.Contains(a.Notes, n => n.Contains("4e84c25def97175d8515f4138885d6dfb3d5efbc3da9f4b1d3e8aea334d07ab4", StringComparison.Ordinal));
        Assert.Equal(new DateOnly(2024, 12, 23), a.ReleasedOn);
        Assert.Equal(6, a.Files.Length);
        Assert.All(a.Files, f => Assert.Equal(64, f.Sha256.Length));
        Assert.Equal(new DateOnly(2026, 6, 30), TestData.Rvu26C.Provenance.ReleasedOn);
    }
}
