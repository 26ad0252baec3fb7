using MedPayIQ.Fuzzing;

namespace MedPayIQ.Hardening.Tests;

/// <summary>Release zips, NCCI zips and release folders that are not what they claim: wrong files, bombs, cuts.</summary>
public sealed class ArchiveAndFolderTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("medpayiq-hardening-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static readonly byte[] Gpci = File.ReadAllBytes(Path.Combine(Inputs.Seeds("gpci"), "gpci2025-small.csv"));
    private static readonly byte[] Ptp = File.ReadAllBytes(Path.Combine(Inputs.Seeds("ptp"), "ccipra-small.txt"));

    private static FeeScheduleFormatException LoadZip(byte[] zip, FeeScheduleLoadOptions? options = null)
        => Assert.Throws<FeeScheduleFormatException>(() => FeeScheduleLoader.LoadZip(new MemoryStream(zip), "RVU25D.zip", options));

    private static NcciFormatException LoadNcciZip(byte[] zip, NcciLoadOptions? options = null)
        => Assert.Throws<NcciFormatException>(() => NcciLoader.Load(new MemoryStream(zip), "ccipra-v322r0.zip", options ?? new NcciLoadOptions()));

    [Fact]
    public void A_release_zip_with_the_wrong_files()
    {
        var ex = LoadZip(Inputs.Zip(("RVU25D/README.txt", "readme"u8.ToArray()), ("RVU25D/PPRRVU2025_Oct.xlsx", [0x50, 0x4B, 3, 4]), ("RVU25D/RVU25D.pdf", [0x25, 0x50])));
        Assert.Contains("no PPRRVU file", ex.Message, StringComparison.Ordinal);
        Assert.Contains("no PPRRVU file", LoadZip(Inputs.Zip()).Message, StringComparison.Ordinal);
        var ncci = LoadNcciZip(Inputs.Zip(("RVU25D/PPRRVU2025_Oct.csv", FuzzTargets.SmallRvuFile)));
        Assert.Contains("holds no NCCI file", ncci.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_release_zip_with_two_files_of_a_kind()
    {
        var ex = LoadZip(Inputs.Zip(("PPRRVU2025_Oct.csv", FuzzTargets.SmallRvuFile), ("GPCI2025.csv", Gpci), ("old/GPCI2024.csv", Gpci)));
        Assert.Contains("Several Gpci files", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_zip_cut_short_or_not_a_zip()
    {
        var zip = Inputs.Zip(("PPRRVU2025_Oct.csv", FuzzTargets.SmallRvuFile), ("GPCI2025.csv", Gpci));
        foreach (int cut in (int[])[zip.Length - 10, zip.Length / 2, 30, 4])
        {
            Assert.Contains("RVU25D.zip", LoadZip(zip[..cut]).Message, StringComparison.Ordinal);
        }

        Assert.Contains("not a readable zip", LoadZip("PK\u0003\u0004 this is not a zip"u8.ToArray()).Message, StringComparison.Ordinal);
        var ncci = Inputs.Zip(("ccipra-v322r0-f1.txt", Ptp));
        Assert.Contains("readable zip", LoadNcciZip(ncci[..(ncci.Length / 2)]).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_zip_bomb_of_one_entry_is_refused_before_it_is_inflated()
    {
        // 200 MiB of zeros in about 200 KB: over the 64 MiB (fee schedule) and, set lower, the NCCI limit.
        var bomb = Inputs.ZeroBomb("PPRRVU2025_Oct.csv", 200L << 20);
        Assert.True(bomb.Length < 1 << 20);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var ex = LoadZip(bomb);
        Assert.Contains("expands to 209,715,200 bytes", ex.Message, StringComparison.Ordinal);
        var ncci = LoadNcciZip(Inputs.ZeroBomb("ccipra-v322r0-f1.txt", 200L << 20), new NcciLoadOptions { MaxFileBytes = 64L << 20 });
        Assert.Contains("expands to 209,715,200 bytes", ncci.Message, StringComparison.Ordinal); // one bounded reader, one wording
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 16L << 20, "the bomb was inflated");
    }

    [Fact]
    public void A_zip_bomb_whose_header_lies_stops_at_the_limit()
    {
        // The entry's sizes patched to 1 byte: only the inflating stream can tell; it stops at MaxFileBytes.
        var bomb = Inputs.ZeroBomb("PPRRVU2025_Oct.csv", 40L << 20);
        PatchUncompressedSizes(bomb, 1);
        long before = GC.GetAllocatedBytesForCurrentThread();
        _ = LoadZip(bomb, new FeeScheduleLoadOptions { ReleaseId = ReleaseId.Parse("RVU25D"), MaxFileBytes = 4L << 20 });
        var ncciBomb = Inputs.ZeroBomb("ccipra-v322r0-f1.txt", 40L << 20);
        PatchUncompressedSizes(ncciBomb, 1);
        _ = LoadNcciZip(ncciBomb, new NcciLoadOptions { MaxFileBytes = 4L << 20 });
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 48L << 20, "the bomb was inflated past the limit");
    }

    [Fact]
    public void A_zip_of_many_entries_each_under_the_limit_is_bounded_as_a_whole()
    {
        // 12 entries of 6 MiB, each under a 8 MiB limit: together 72 MiB. Fixed: each was read, all of them held at once.
        var bomb = Inputs.ZeroBomb("PPRRVU2025_Oct.csv", 6L << 20, count: 12);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var ex = LoadZip(bomb, new FeeScheduleLoadOptions { ReleaseId = ReleaseId.Parse("RVU25D"), MaxFileBytes = 8L << 20 });
        Assert.Contains("accepted from one archive", ex.Message, StringComparison.Ordinal);
        var ptp = Encoding.ASCII.GetString(Ptp);
        var part = Encoding.ASCII.GetBytes(ptp + string.Concat(Enumerable.Repeat(ptp[ptp.IndexOf("0001A", StringComparison.Ordinal)..], 40)));
        var parts = Enumerable.Range(1, 12).Select(i => ($"ccipra-v322r{i}-f1.txt", part)).ToArray();
        var ncci = LoadNcciZip(Inputs.Zip(parts), new NcciLoadOptions { MaxFileBytes = part.Length * 5 });
        Assert.Contains("more than the " + (part.Length * 5).ToString("N0", System.Globalization.CultureInfo.InvariantCulture) + " bytes accepted from one archive", ncci.Message, StringComparison.Ordinal);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 64L << 20, "the archive was read past its limit");
    }

    [Fact]
    public void An_endless_download_is_read_to_the_limit_and_no_further()
    {
        // Fixed: ZipArchive copied a stream it cannot seek into memory whatever its size.
        long before = GC.GetAllocatedBytesForCurrentThread();
        var ex = Assert.Throws<FeeScheduleFormatException>(() => FeeScheduleLoader.LoadZip(new EndlessStream(), "RVU25D.zip", new FeeScheduleLoadOptions { MaxFileBytes = 8L << 20 }));
        Assert.Contains("larger than 8,388,608 bytes", ex.Message, StringComparison.Ordinal);
        var ncci = Assert.Throws<NcciFormatException>(() => NcciLoader.Load(new EndlessStream(), "ccipra-v322r0.zip", new NcciLoadOptions { MaxFileBytes = 8L << 20 }));
        Assert.Contains("larger than 8,388,608 bytes", ncci.Message, StringComparison.Ordinal);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 64L << 20, "the download was read past the limit");
    }

    /// <summary>A download that never ends: a zip header, then zeros, forever; it cannot seek.</summary>
    private sealed class EndlessStream : Stream
    {
        private long _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            buffer.AsSpan(offset, count).Clear();
            if (_position == 0 && count >= 4)
            {
                buffer[offset] = (byte)'P';
                buffer[offset + 1] = (byte)'K';
                buffer[offset + 2] = 3;
                buffer[offset + 3] = 4;
            }

            _position += count;
            return count;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    [Fact]
    public void A_release_folder_with_the_wrong_files_or_two_of_a_kind()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_folder, "RVU25D")).FullName;
        File.WriteAllText(Path.Combine(folder, "README.txt"), "readme");
        File.WriteAllBytes(Path.Combine(folder, "PPRRVU2025_Oct.xlsx"), [0x50, 0x4B, 3, 4]);
        Assert.Contains("no PPRRVU file", Assert.Throws<FeeScheduleFormatException>(() => FeeScheduleLoader.LoadDirectory(folder)).Message, StringComparison.Ordinal);

        File.WriteAllBytes(Path.Combine(folder, "PPRRVU2025_Oct.csv"), FuzzTargets.SmallRvuFile);
        File.WriteAllBytes(Path.Combine(folder, "GPCI2025.csv"), Gpci);
        Assert.Equal(1, FeeScheduleLoader.LoadDirectory(folder).Rvus.Count);
        File.WriteAllBytes(Path.Combine(folder, "GPCI2025 (1).csv"), Gpci); // the browser's second download
        Assert.Contains("Several Gpci files", Assert.Throws<FeeScheduleFormatException>(() => FeeScheduleLoader.LoadDirectory(folder)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_release_folder_with_a_broken_file_names_it_and_its_line()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_folder, "RVU25D")).FullName;
        File.WriteAllBytes(Path.Combine(folder, "PPRRVU2025_Oct.csv"), FuzzTargets.SmallRvuFile);
        File.Copy(Inputs.Corpus("gpci/truncated-mid-row.csv"), Path.Combine(folder, "GPCI2025.csv"));
        var ex = Assert.Throws<FeeScheduleFormatException>(() => FeeScheduleLoader.LoadDirectory(folder));
        Assert.Equal(("GPCI2025.csv", 8L), (ex.FileName, ex.LineNumber));
        File.WriteAllBytes(Path.Combine(folder, "GPCI2025.csv"), []);
        Assert.Contains("GPCI2025.csv: the file is empty", Assert.Throws<FeeScheduleFormatException>(() => FeeScheduleLoader.LoadDirectory(folder)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_over_the_limit_is_refused_by_its_size_unread()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_folder, "RVU25D")).FullName;
        using (var s = File.Create(Path.Combine(folder, "PPRRVU2025_Oct.csv")))
        {
            s.SetLength(3L << 30); // sparse: 3 GiB claimed, nothing written; more than one array can hold
        }

        var ex = Assert.Throws<FeeScheduleFormatException>(() => FeeScheduleLoader.LoadDirectory(folder, new FeeScheduleLoadOptions { MaxFileBytes = long.MaxValue }));
        Assert.Contains("larger than", ex.Message, StringComparison.Ordinal);
        using var big = File.OpenRead(Path.Combine(folder, "PPRRVU2025_Oct.csv"));
        Assert.Contains("larger than", Assert.Throws<FeeScheduleFormatException>(() => FeeScheduleFile.FromStream(FeeScheduleFileKind.RvuCsv, "PPRRVU2025_Oct.csv", big, long.MaxValue)).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("MCR_MUE_PractitionerServices_Eff_13-45-2026.csv", "is not a date written MM-DD-YYYY")]
    [InlineData("MCR_MUE_PractitionerServices_Eff_02-30-2026.csv", "is not a date written MM-DD-YYYY")]
    [InlineData("AOC_V0000Q2-MCR.csv", "is not a year of NCCI edits")]
    public void An_NCCI_file_renamed_by_hand_to_an_impossible_date(string name, string expected)
    {
        // Fixed: new DateOnly(2026, 13, 45) threw ArgumentOutOfRangeException from the file name.
        var ex = Assert.Throws<NcciFormatException>(() => NcciLoader.Load(new MemoryStream(Ptp), name));
        Assert.Equal(name, ex.FileName);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    /// <summary>Sets the uncompressed size of every entry, in its local header and the central directory.</summary>
    private static void PatchUncompressedSizes(byte[] zip, uint size)
    {
        for (int i = 0; i + 30 < zip.Length; i++)
        {
            uint signature = BitConverter.ToUInt32(zip, i);
            if (signature == 0x04034b50)
            {
                BitConverter.TryWriteBytes(zip.AsSpan(i + 22, 4), size);
            }
            else if (signature == 0x02014b50)
            {
                BitConverter.TryWriteBytes(zip.AsSpan(i + 24, 4), size);
            }
        }
    }
}
