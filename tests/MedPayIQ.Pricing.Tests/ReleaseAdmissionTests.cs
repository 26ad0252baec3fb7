using System.Text;

namespace MedPayIQ.Pricing.Tests;

/// <summary>
/// <see cref="ReleaseAdmission"/>: a file cut at a line break (a copy in progress, a stalled download) parses as a valid,
/// smaller release; it must never go live. Every file kind of RVU26A (and RVU26B's fixed-width RVU file) is cut at line
/// breaks through the file and just before its end; each cut release is refused or throws, or holds every row of the whole file.
/// </summary>
public sealed class ReleaseAdmissionTests
{
    private static readonly string[] Rvu26A = ["RVU26A/PPRRVU2026_Jan_nonQPP.csv", "RVU26A/PPRRVU2026_Jan_QPP.csv", "2026/GPCI2026.csv", "2026/26LOCCO.csv", "2026/ANES2026.csv", "2026/OPPSCAP_Jan.csv", "zip/ZIP5_OCT2025.txt"];
    private static readonly string[] Rvu26B = ["RVU26B/PPRRVU2026_Apr_nonQPP.txt", "2026/GPCI2026.csv", "2026/26LOCCO.csv", "2026/ANES2026.csv", "2026/OPPSCAP_Jan.csv", "zip/ZIP5_OCT2025.txt"];

    private static readonly Dictionary<string, byte[]> Files = Rvu26A.Concat(Rvu26B).Distinct().ToDictionary(f => f, TestData.Packaged);

    private static FeeScheduleRelease Load(string[] entries, string id, string? cut = null, byte[]? cutBytes = null)
        => FeeScheduleLoader.Load(
            entries.Select(e => FeeScheduleFile.FromBytes(FeeScheduleFile.DetectKind(e)!.Value, System.IO.Path.GetFileName(e), e == cut ? cutBytes : Files[e])),
            new FeeScheduleLoadOptions { ReleaseId = ReleaseId.Parse(id) });

    /// <summary>Cuts just after line breaks: at five points through the file (1/6 to 5/6), and at the last two line breaks before its end.</summary>
    private static IEnumerable<(byte[] Prefix, bool Middle)> Prefixes(byte[] whole)
    {
        var breaks = Enumerable.Range(0, whole.Length - 1).Where(i => whole[i] == (byte)'\n').ToArray();
        var middle = Enumerable.Range(1, 5).Select(k => breaks[breaks.Length * k / 6]).ToArray();
        return middle.Concat(breaks[^2..]).Distinct().Select(i => (whole[..(i + 1)], middle.Contains(i)));
    }

    /// <summary>Rows of the file of <paramref name="entry"/>'s kind in a release.</summary>
    private static int Rows(FeeScheduleRelease r, string entry) => FeeScheduleFile.DetectKind(entry) switch
    {
        FeeScheduleFileKind.RvuCsv or FeeScheduleFileKind.RvuFixedWidth when entry.Contains("_QPP", StringComparison.Ordinal) => r.QualifyingFileRows,
        FeeScheduleFileKind.RvuCsv or FeeScheduleFileKind.RvuFixedWidth => r.Rvus.Count,
        FeeScheduleFileKind.Gpci => r.Localities.Count,
        FeeScheduleFileKind.LocalityCounties => r.Counties.Count,
        FeeScheduleFileKind.Anesthesia => r.Anesthesia.Count,
        FeeScheduleFileKind.OppsCap => r.OppsCaps.Count,
        _ => r.Zips.Count,
    };

    public static TheoryData<string, string> FileKinds() => new()
    {
        { "RVU26A", "RVU26A/PPRRVU2026_Jan_nonQPP.csv" },
        { "RVU26A", "RVU26A/PPRRVU2026_Jan_QPP.csv" },
        { "RVU26B", "RVU26B/PPRRVU2026_Apr_nonQPP.txt" },
        { "RVU26A", "2026/GPCI2026.csv" },
        { "RVU26A", "2026/26LOCCO.csv" },
        { "RVU26A", "2026/ANES2026.csv" },
        { "RVU26A", "2026/OPPSCAP_Jan.csv" },
        { "RVU26A", "zip/ZIP5_OCT2025.txt" },
    };

    [Theory]
    [MemberData(nameof(FileKinds))]
    public void A_file_cut_at_a_line_break_is_refused(string id, string entry)
    {
        var entries = id == "RVU26A" ? Rvu26A : Rvu26B;
        var packaged = PackagedFeeSchedules.Get(ReleaseId.Parse(id));
        int whole = Rows(Load(entries, id), entry);
        var admittedShort = new List<string>();
        int refused = 0;
        foreach (var (prefix, middle) in Prefixes(Files[entry]))
        {
            FeeScheduleRelease cut;
            try
            {
                cut = Load(entries, id, entry, prefix);
            }
            catch (FeeScheduleFormatException)
            {
                refused++;
                continue; // a fixed-width record cut short, or a file with no data left: refused by the loader
            }

            if (Rows(cut, entry) == whole)
            {
                continue; // the cut lost only blank rows or notes after the data (the QPP file ends with 6,689 empty rows)
            }

            // Against the packaged release of the same id: refused, the counts in the message.
            var admission = ReleaseAdmission.Check(cut, [packaged]);
            if (admission.Admitted)
            {
                admittedShort.Add($"{prefix.Length} of {Files[entry].Length} bytes: {Rows(cut, entry)} of {whole} rows admitted");
                continue;
            }

            refused++;
            var message = Assert.Throws<FeeScheduleFormatException>(() => admission.ThrowIfRefused()).Message;
            Assert.Contains("refused", message, StringComparison.Ordinal);
            Assert.Matches(@"\d+ rows", message);

            // With no copy of the same id to compare with (a new quarter's first download), a cut through the middle is
            // still told by what every CMS release holds: the code families, the localities common to GPCI, LOCCO, ANES
            // and ZIP5, OPPSCAP's codes priced in every locality. Not the QPP file: its rows merge over the non-QPP file's.
            if (middle && !entry.Contains("_QPP", StringComparison.Ordinal))
            {
                var alone = ReleaseAdmission.Check(cut, []);
                Assert.False(alone.Admitted, $"{entry} cut to {prefix.Length} bytes ({Rows(cut, entry)} of {whole} rows) was admitted with no reference");
            }
        }

        Assert.Empty(admittedShort);
        Assert.True(refused >= 3, $"{refused} cuts refused");
    }

    [Fact]
    public void Every_packaged_release_is_admitted_against_a_copy_of_itself()
    {
        foreach (var id in PackagedFeeSchedules.ReleaseIds)
        {
            var admission = ReleaseAdmission.Check(PackagedFeeSchedules.Load(id), [PackagedFeeSchedules.Get(id)]);
            Assert.True(admission.Admitted, $"{id}: {string.Join(" ", admission.Refusals)}");
            Assert.Empty(admission.Warnings);
        }
    }

    [Fact]
    public void The_refusal_gives_both_row_counts_and_both_sources()
    {
        var bytes = Files["RVU26A/PPRRVU2026_Jan_nonQPP.csv"];
        var half = bytes[..(Array.LastIndexOf(bytes, (byte)'\n', bytes.Length / 2) + 1)];
        var cut = Load(Rvu26A, "RVU26A", "RVU26A/PPRRVU2026_Jan_nonQPP.csv", half);
        var admission = ReleaseAdmission.Check(cut, [null, PackagedFeeSchedules.Get(ReleaseId.Parse("RVU26A"))]);
        Assert.False(admission.Admitted);
        Assert.Contains(admission.Refusals, r => r.StartsWith($"PPRRVU2026_Jan_nonQPP.csv has {cut.Rvus.Count:N0} rows where PPRRVU2026_Jan_nonQPP.csv of RVU26A from MedPayIQ.Pricing.Data (RVU26A) has 19,226 (at least 19,034 expected)", StringComparison.Ordinal));
        Assert.Contains(admission.Refusals, r => r.Contains("no code starting with", StringComparison.Ordinal) && r.Contains('V'));
    }

    [Fact]
    public void A_csv_without_its_last_line_break_is_admitted_with_a_warning_for_logs_and_health()
    {
        var bytes = Files["2026/ANES2026.csv"];
        var text = Encoding.Latin1.GetString(bytes).TrimEnd('\r', '\n');
        var cut = Load(Rvu26A, "RVU26A", "2026/ANES2026.csv", Encoding.Latin1.GetBytes(text));
        var admission = ReleaseAdmission.Check(cut, [PackagedFeeSchedules.Get(ReleaseId.Parse("RVU26A"))]);
        Assert.True(admission.Admitted, string.Join(" ", admission.Refusals));
        Assert.Contains(admission.Warnings, w => w.StartsWith("ANES2026.csv does not end with a line break", StringComparison.Ordinal));
    }

    [Fact]
    public void A_share_outside_0_to_1_is_refused_where_it_is_set()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReleaseAdmissionOptions { MinimumRowShare = 1.01m });
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReleaseAdmissionOptions { MinimumRowShare = -0.01m });
        Assert.Equal(0.5m, new ReleaseAdmissionOptions { MinimumRowShare = 0.5m }.MinimumRowShare);
    }

    [Fact]
    public void A_release_cut_down_on_purpose_is_admitted_when_whole_files_are_not_required()
    {
        var small = FeeScheduleLoader.Load([FeeScheduleFile.FromBytes(FeeScheduleFileKind.RvuCsv, "PPRRVU2026_Jan_nonQPP.csv", Files["RVU26A/PPRRVU2026_Jan_nonQPP.csv"].AsMemory(0, Array.IndexOf(Files["RVU26A/PPRRVU2026_Jan_nonQPP.csv"], (byte)'\n', 20_000) + 1))],
            new FeeScheduleLoadOptions { ReleaseId = ReleaseId.Parse("RVU27A") });
        Assert.False(ReleaseAdmission.Check(small, []).Admitted);
        Assert.True(ReleaseAdmission.Check(small, [], new ReleaseAdmissionOptions { RequireWholeFiles = false }).Admitted);
        Assert.True(ReleaseAdmission.Check(small, [PackagedFeeSchedules.Get(ReleaseId.Parse("RVU26A"))], new ReleaseAdmissionOptions { RequireWholeFiles = false }).Admitted); // another id: not compared
    }

    [Fact]
    public void A_zip_whose_entry_does_not_match_its_CRC_is_refused()
    {
        using var ms = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(ms, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            using var e = zip.CreateEntry("PPRRVU2026_Jan_nonQPP.csv", System.IO.Compression.CompressionLevel.NoCompression).Open();
            e.Write(Files["RVU26A/PPRRVU2026_Jan_nonQPP.csv"]);
        }

        var bytes = ms.ToArray();
        int at = bytes.AsSpan().IndexOf("99213,,"u8);
        bytes[at + 4] = (byte)'4'; // 99213 -> 99214 in the stored bytes: the CRC no longer matches
        var ex = Assert.ThrowsAny<Exception>(() => FeeScheduleLoader.LoadZip(new MemoryStream(bytes), "RVU26A.zip"));
        Assert.True(ex is FeeScheduleFormatException or InvalidDataException, ex.GetType().Name + ": " + ex.Message);
    }

    [Fact]
    public void Files_a_release_lacks_come_from_a_release_of_its_year_and_the_provenance_says_so()
    {
        var bare = FeeScheduleLoader.Load([FeeScheduleFile.FromBytes(FeeScheduleFileKind.RvuCsv, "PPRRVU2026_Jan_nonQPP.csv", Files["RVU26A/PPRRVU2026_Jan_nonQPP.csv"])],
            new FeeScheduleLoadOptions { ReleaseId = ReleaseId.Parse("RVU26A") });
        Assert.Equal(0, bare.Zips.Count);
        var filled = bare.WithMissingFilesFrom(PackagedFeeSchedules.Get(ReleaseId.Parse("RVU26A")));
        Assert.Equal(42_956, filled.Zips.Count);
        Assert.Equal(109, filled.Localities.Count);
        Assert.Contains(filled.Provenance.Notes, n => n.StartsWith("ZIP5_OCT2025.txt (Zip5, sha256 ", StringComparison.Ordinal) && n.EndsWith("is taken from RVU26A (MedPayIQ.Pricing.Data (RVU26A)): RVU26A from files in memory has no Zip5 file.", StringComparison.Ordinal));
        Assert.Same(bare, bare.WithMissingFilesFrom(PackagedFeeSchedules.Get(ReleaseId.Parse("RVU25D")))); // another year: nothing taken
        Assert.True(ReleaseAdmission.Check(filled, [PackagedFeeSchedules.Get(ReleaseId.Parse("RVU26A"))]).Admitted);
    }
}
