using System.Globalization;
using System.Text;
using MedPayIQ.Pricing;

namespace MedPayIQ.Ncci.Tests;

/// <summary>
/// The compact PTP table against a plain model of the same rows: a generated table in CMS's layout (six header lines,
/// tab-separated, CRLF, sorted), with pairs of several versions, every indicator and CMS's rationales.
/// </summary>
public class PtpTableTests
{
    private static readonly string[] Rationales =
    [
        "CPT Manual or CMS manual coding instruction", "Misuse of Column Two code with Column One code", "Standards of medical/surgical practice",
        "Mutually exclusive procedures", "HCPCS/CPT procedure code definition", "CPT Separate procedure definition", "More extensive procedure",
    ];

    internal sealed record Row(string C1, string C2, bool Prior, DateOnly Effective, DateOnly? Deletion, int Indicator, string Rationale);

    internal static readonly Lazy<(byte[] Bytes, List<Row> Rows)> Generated = new(() => Generate(120_000, 7));

    /// <summary>CMS's layout, rows sorted by column 1 then column 2; about one pair in ten has a deleted earlier version.</summary>
    private static (byte[], List<Row>) Generate(int pairs, int seed)
    {
        var random = new Random(seed);
        var rows = new List<Row>(pairs + (pairs / 8));
        int c1 = 0;
        while (rows.Count < pairs)
        {
            c1 += 1 + random.Next(3);
            int partners = 1 + random.Next(120);
            int c2 = 0;
            for (int p = 0; p < partners && rows.Count < pairs; p++)
            {
                c2 += 1 + random.Next(40);
                string one = (10_000 + c1).ToString(CultureInfo.InvariantCulture), two = (20_000 + c2).ToString(CultureInfo.InvariantCulture);
                string rationale = Rationales[random.Next(Rationales.Length)];
                if (random.Next(10) == 0)
                {
                    rows.Add(new Row(one, two, false, new DateOnly(2010 + random.Next(5), 1, 1), new DateOnly(2015, 12, 31), 0, rationale));
                    rows.Add(new Row(one, two, false, new DateOnly(2016, 1, 1), null, 1, rationale));
                }
                else
                {
                    int roll = random.Next(100);
                    var effective = new DateOnly(1996 + random.Next(30), 1 + (3 * random.Next(4)), 1);
                    rows.Add(new Row(one, two, roll < 5, effective, roll % 7 == 0 ? effective.AddYears(1).AddDays(-1) : null, roll < 60 ? 1 : roll < 97 ? 0 : 9, rationale));
                }
            }
        }

        return (Text(rows), rows);
    }

    /// <summary>Rows in CMS's layout (six header lines, tab-separated, CRLF), in the order given.</summary>
    private static byte[] Text(IEnumerable<Row> rows)
    {
        var text = new StringBuilder("CPT only copyright 2025 American Medical Association.  All rights reserved.\t\t\t\t\t\t\r\nColumn1/Column2 Edits\t\t\t\t\t\t\r\n")
            .Append("Column 1\tColumn 2\t*=in existence\tEffective\tDeletion\tModifier\tPTP Edit Rationale\r\n\t\tprior to 1996\tDate\tDate\t0=not allowed\t\r\n")
            .Append("\t\t\t\t*=no data\t1=allowed\t\r\n\t\t\t\t\t9=not applicable\t\r\n");
        foreach (var r in rows)
        {
            text.Append(CultureInfo.InvariantCulture, $"{r.C1}\t{r.C2}\t{(r.Prior ? "*" : "")}\t{r.Effective:yyyyMMdd}\t{(r.Deletion is { } d ? d.ToString("yyyyMMdd", CultureInfo.InvariantCulture) : "*")}\t{r.Indicator}\t{r.Rationale}\r\n");
        }

        return Encoding.ASCII.GetBytes(text.ToString());
    }

    internal static PtpTable Load(byte[] bytes) => (PtpTable)NcciLoader.Load(new MemoryStream(bytes), "ccipra-v322r0-f1.txt")[0];

    [Fact]
    public void Every_probe_and_every_code_index_answers_as_a_scan_of_the_rows()
    {
        var (bytes, rows) = Generated.Value;
        var table = Load(bytes);
        Assert.Equal(rows.Count, table.Count);
        var byPair = rows.GroupBy(r => (r.C1, r.C2)).ToDictionary(g => g.Key, g => g.OrderBy(r => r.Effective).ToList());
        var random = new Random(3);
        DateOnly[] days = [new(1995, 6, 1), new(2012, 3, 4), new(2015, 12, 31), new(2016, 1, 1), new(2026, 7, 1)];
        for (int i = 0; i < 20_000; i++)
        {
            var r = rows[random.Next(rows.Count)];
            var (c1, c2) = random.Next(4) == 0 ? (r.C2, r.C1) : (r.C1, r.C2);
            var day = days[random.Next(days.Length)];
            var expected = byPair.TryGetValue((c1, c2), out var versions)
                ? versions.FirstOrDefault(v => v.Indicator != 9 && v.Effective <= day && (v.Deletion is not { } d || day <= d))
                : null;
            Assert.Equal(expected is not null, table.TryFind(HcpcsCode.Parse(c1), HcpcsCode.Parse(c2), day, out var edit));
            if (expected is not null)
            {
                Assert.Equal((expected.Effective, expected.Deletion, expected.Indicator, expected.Rationale, expected.Prior),
                    (edit.Effective, edit.Deletion, edit.ModifierIndicator == PtpModifierIndicator.NotApplicable ? 9 : (int)edit.ModifierIndicator, edit.Rationale, edit.PriorTo1996));
            }
        }

        Assert.Equal(rows.Select(r => (r.C1, r.C2, r.Effective)), table.Rows.Select(e => (e.Column1.ToString(), e.Column2.ToString(), e.Effective)));
        foreach (var code in rows.Take(2_000).SelectMany(r => new[] { r.C1, r.C2 }).Distinct())
        {
            Assert.Equal(rows.Where(r => r.C1 == code || r.C2 == code).Select(r => (r.C1, r.C2, r.Effective)),
                table.EditsOf(HcpcsCode.Parse(code)).Select(e => (e.Column1.ToString(), e.Column2.ToString(), e.Effective)));
        }

        Assert.Empty(table.EditsOf(HcpcsCode.Parse("ZZZZZ")));
        Assert.False(table.TryFind(HcpcsCode.None, HcpcsCode.Parse("20001"), days[4], out _));
    }

    /// <summary>
    /// Small tables (8 to about 140 slots) of pairs over a few codes, a pair's versions on both sides of a date:
    /// every ordered pair of codes probed on every date answers as a scan of the rows. Their runs of full slots often
    /// wrap past the table's end and start within a vector's width of it, where the probe reads slot by slot.
    /// </summary>
    [FsCheck.Xunit.Property(MaxTest = 200)]
    public void Every_pair_of_a_small_table_probes_as_a_scan_even_where_its_run_wraps(int seed)
    {
        var random = new Random(seed);
        int codes = 2 + random.Next(8);
        var rows = new List<Row>();
        for (int a = 0; a < codes; a++)
        {
            for (int b = 0; b < codes; b++)
            {
                if (random.Next(3) == 0)
                {
                    continue;
                }

                string one = (30_000 + a).ToString(CultureInfo.InvariantCulture), two = (30_000 + b).ToString(CultureInfo.InvariantCulture);
                if (random.Next(4) == 0)
                {
                    rows.Add(new Row(one, two, false, new DateOnly(2012, 1, 1), new DateOnly(2015, 12, 31), random.Next(2), Rationales[random.Next(3)]));
                }

                int roll = random.Next(10);
                rows.Add(new Row(one, two, roll == 0, new DateOnly(2016, 1, 1), roll == 1 ? new DateOnly(2020, 12, 31) : null, roll == 2 ? 9 : random.Next(2), Rationales[random.Next(Rationales.Length)]));
            }
        }

        if (rows.Count == 0)
        {
            return;
        }

        var table = (PtpTable)NcciLoader.Load(new MemoryStream(Text(rows)), "ccipra-v322r0-f1.txt")[0];
        // The same rows out of CMS's order (a pair's versions kept in order): sorted by the builder, the same table.
        var shuffled = (PtpTable)NcciLoader.Load(new MemoryStream(Text(rows.GroupBy(r => (r.C1, r.C2)).OrderBy(_ => random.Next()).SelectMany(g => g))), "ccipra-v322r0-f1.txt")[0];
        Assert.Equal(table.Rows, shuffled.Rows);
        DateOnly[] days = [new(2011, 6, 1), new(2013, 3, 4), new(2016, 1, 1), new(2021, 1, 1)];
        for (int a = 0; a < codes + 1; a++)
        {
            for (int b = 0; b < codes + 1; b++)
            {
                string one = (30_000 + a).ToString(CultureInfo.InvariantCulture), two = (30_000 + b).ToString(CultureInfo.InvariantCulture);
                foreach (var day in days)
                {
                    var expected = rows.Where(r => r.C1 == one && r.C2 == two).OrderBy(r => r.Effective)
                        .FirstOrDefault(v => v.Indicator != 9 && v.Effective <= day && (v.Deletion is not { } d || day <= d));
                    Assert.Equal(expected is not null, table.TryFind(HcpcsCode.Parse(one), HcpcsCode.Parse(two), day, out var edit));
                    Assert.Equal(expected is not null, shuffled.TryFind(HcpcsCode.Parse(one), HcpcsCode.Parse(two), day, out var same));
                    Assert.Equal(edit, same);
                    Assert.Equal(expected is null ? default : (one, two, expected.Effective, expected.Deletion, expected.Indicator, expected.Rationale, expected.Prior),
                        expected is null ? default : (edit.Column1.ToString(), edit.Column2.ToString(), edit.Effective, edit.Deletion, (int)edit.ModifierIndicator, edit.Rationale, edit.PriorTo1996));
                }
            }
        }
    }

    [Fact]
    public void An_edit_holds_no_reference_and_its_rationale_is_the_text_of_the_file()
    {
        // No reference in PtpEdit: TryFind writes its answer without a GC write barrier (the rationale is an id).
        Assert.False(System.Runtime.CompilerServices.RuntimeHelpers.IsReferenceOrContainsReferences<PtpEdit>());

        // Two tables with the same texts (the excerpt and a copy of it loaded again) name them by the same ids, and
        // every edit's rationale reads back as its file wrote it.
        var (a, b) = (NcciLoaderTests.Ptp, NcciLoaderTests.Ptp);
        var text = File.ReadAllLines(NcciLoaderTests.DataPath("ccipra-v322r0-f1.excerpt.txt")).Skip(6).Select(l => l.Split('\t')).Where(f => f.Length == 7).ToList();
        Assert.Equal(text.Select(f => f[6].Trim()), a.Rows.Select(e => e.Rationale));
        Assert.Equal(a.Rows, b.Rows); // equal by value: the same ids
        Assert.True(a.TryFind(a.Rows.First().Column1, a.Rows.First().Column2, a.Rows.First().Effective, out var found));
        Assert.Same(a.Rows.First().Rationale, found.Rationale); // one string per text for the process
    }

    [Fact]
    public void A_file_read_in_slices_on_every_core_gives_the_rows_and_errors_of_one_read()
    {
        var bytes = Generated.Value.Bytes;
        var whole = NcciReaders.Ptp(bytes, "ccipra-v322r0-f1.txt", values: true, sliceBytes: int.MaxValue);
        var sliced = NcciReaders.Ptp(bytes, "ccipra-v322r0-f1.txt", values: true, sliceBytes: 64 << 10);
        Assert.Single(whole);
        Assert.True(sliced.Count > 2);
        static IEnumerable<string> Rows(IEnumerable<PtpChunk> chunks) => chunks.SelectMany(c => c.Rows.Select(r => $"{r with { Rationale = 0 }} {c.Rationales[r.Rationale]}"));
        Assert.Equal(Rows(whole), Rows(sliced));
        Assert.Equal(Generated.Value.Rows.Count, whole[0].Rows.Length);

        // A bad date on line 100,006 (the 100,000th row) is reported with its line in the whole file, by either read.
        var lines = Encoding.ASCII.GetString(bytes).Split("\r\n");
        var fields = lines[100_005].Split('\t');
        fields[3] = "2015-12-31";
        lines[100_005] = string.Join('\t', fields);
        var bad = Encoding.ASCII.GetBytes(string.Join("\r\n", lines));
        foreach (int slice in new[] { int.MaxValue, 64 << 10 })
        {
            var ex = Assert.Throws<NcciFormatException>(() => NcciReaders.Ptp(bad, "ccipra-v322r0-f1.txt", values: true, sliceBytes: slice));
            Assert.Equal(100_006, ex.LineNumber);
            Assert.Equal(4, ex.Column);
        }
    }

    private static IEnumerable<string> RowsOf(IEnumerable<PtpChunk> chunks) => chunks.SelectMany(c => c.Rows.Select(r => $"{r with { Rationale = 0 }} {c.Rationales[r.Rationale]}"));

    private static CmsFileReader Reader(long max) => new(max, "NcciLoadOptions.MaxFileBytes", static (file, problem, inner) => new NcciFormatException(file, 0, 0, null, null, problem, inner));

    [Theory]
    [InlineData(31)] // shorter than a row: rows carried across blocks
    [InlineData(4096)]
    [InlineData(NcciReaders.StreamBlockBytes)]
    public async Task A_file_streamed_in_blocks_gives_the_rows_hash_and_errors_of_one_read(int block)
    {
        var bytes = Generated.Value.Bytes;
        if (block < 1000)
        {
            bytes = bytes[..20_000]; // a few hundred rows: a 31-byte block reads each in pieces
            bytes = bytes[..(Array.LastIndexOf(bytes, (byte)'\n') + 1)];
        }

        var whole = NcciReaders.Ptp(bytes, "ccipra-v322r0-f1.txt", values: true, sliceBytes: int.MaxValue);
        var (streamed, sha, length) = NcciReaders.PtpStream(new MemoryStream(bytes), "ccipra-v322r0-f1.txt", values: true, Reader(1L << 30), block);
        Assert.Equal(RowsOf(whole), RowsOf(streamed));
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), await sha);
        Assert.Equal(bytes.Length, length);

        var lines = Encoding.ASCII.GetString(bytes).Split("\r\n");
        int at = lines.Length - 40; // near the end: in the last block
        var fields = lines[at].Split('\t');
        fields[5] = "7";
        lines[at] = string.Join('\t', fields);
        var bad = Encoding.ASCII.GetBytes(string.Join("\r\n", lines));
        var ex = Assert.Throws<NcciFormatException>(() => NcciReaders.PtpStream(new MemoryStream(bad), "ccipra-v322r0-f1.txt", values: true, Reader(1L << 30), block));
        Assert.Equal(at + 1, ex.LineNumber);
        Assert.Equal(6, ex.Column);
        Assert.Contains("expected a modifier indicator 0, 1 or 9", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_on_disk_is_streamed_to_the_table_and_provenance_of_a_read_in_memory()
    {
        var bytes = Generated.Value.Bytes;
        string folder = Directory.CreateTempSubdirectory("medpayiq-ptp-").FullName;
        try
        {
            string path = Path.Combine(folder, "ccipra-v322r0-f1.txt");
            File.WriteAllBytes(path, bytes);
            var fromDisk = (PtpTable)NcciLoader.Load(path)[0];
            var inMemory = Load(bytes);
            Assert.Equal(inMemory.Source, fromDisk.Source);
            Assert.Equal(bytes.Length, fromDisk.Source.Length);
            Assert.Equal(inMemory.Rows, fromDisk.Rows);

            var head = bytes[..(Array.LastIndexOf(bytes[..50_000], (byte)'\n') + 1)];
            File.WriteAllBytes(path, [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(Encoding.ASCII.GetString(head))]); // "Unicode" text, as Excel saves it
            Assert.Equal(Load(head).Rows, ((PtpTable)NcciLoader.Load(path)[0]).Rows);

            File.WriteAllBytes(path, bytes);
            var tooLarge = Assert.Throws<NcciFormatException>(() => NcciLoader.Load(path, new NcciLoadOptions { MaxFileBytes = bytes.Length - 1 }));
            Assert.Contains("MaxFileBytes", tooLarge.Message, StringComparison.Ordinal);
            File.WriteAllBytes(path, []);
            Assert.Contains("is empty", Assert.Throws<NcciFormatException>(() => NcciLoader.Load(path)).Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void A_zip_archive_streams_its_parts_to_the_table_of_the_files_and_a_damaged_entry_is_a_format_error()
    {
        var bytes = Generated.Value.Bytes;
        int half = Array.IndexOf(bytes, (byte)'\n', bytes.Length / 2) + 1;
        byte[] f1 = bytes[..half], f2 = [.. bytes[..(Array.IndexOf(bytes, (byte)'\n', Encoding.ASCII.GetString(bytes).IndexOf("Column 1", StringComparison.Ordinal)) + 1)], .. bytes[half..]];
        using var zip = new MemoryStream();
        using (var archive = new System.IO.Compression.ZipArchive(zip, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in new[] { ("ccipra-v322r0-f1.txt", f1), ("ccipra-v322r0-f2.txt", f2) })
            {
                using var e = archive.CreateEntry(name).Open();
                e.Write(content);
            }
        }

        var table = (PtpTable)NcciLoader.Load(new MemoryStream(zip.ToArray()), "ccipra-v322r0.zip")[0];
        Assert.Equal(Load(bytes).Rows, table.Rows);
        Assert.Equal(["ccipra-v322r0-f1.txt", "ccipra-v322r0-f2.txt"], table.Source.FileNames);
        Assert.Equal(f1.Length + f2.Length, table.Source.Length);

        var damaged = zip.ToArray();
        damaged[damaged.Length / 4] ^= 0x55; // inside the first entry's deflate data
        var ex = Assert.Throws<NcciFormatException>(() => NcciLoader.Load(new MemoryStream(damaged), "ccipra-v322r0.zip"));
        Assert.Contains("ccipra-v322r0", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_row_of_any_shape_the_general_reader_accepts_reads_as_the_same_row_in_CMS_shape()
    {
        // The fixed-offset path takes rows of CMS's exact shape; every other accepted shape goes to the general reader.
        var rows = Generated.Value.Rows.Take(3_000).ToList();
        string Header(string eol) => $"CPT only copyright 2025 American Medical Association.\t\t\t\t\t\t{eol}Column 1\tColumn 2\t*=in existence\tEffective\tDeletion\tModifier\tPTP Edit Rationale{eol}\t\tprior to 1996\tDate\tDate\t0=not allowed\t{eol}";
        string Field(DateOnly? d) => d is { } x ? x.ToString("yyyyMMdd", CultureInfo.InvariantCulture) : "*";
        var plain = new StringBuilder(Header("\r\n"));
        var varied = new StringBuilder(Header("\n"));
        for (int i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            plain.Append(CultureInfo.InvariantCulture, $"{r.C1}\t{r.C2}\t{(r.Prior ? "*" : "")}\t{Field(r.Effective)}\t{Field(r.Deletion)}\t{r.Indicator}\t{r.Rationale}\r\n");
            string row = (i % 6) switch
            {
                0 => $" {r.C1}\t{r.C2} \t{(r.Prior ? " * " : " ")}\t{Field(r.Effective)}\t{Field(r.Deletion)}\t{r.Indicator}\t{r.Rationale}", // spaces around fields
                1 => $"{r.C1}\t{r.C2}\t{(r.Prior ? "*" : "")}\t {Field(r.Effective)} \t {Field(r.Deletion)} \t {r.Indicator} \t {r.Rationale}  ", // around dates, indicator, rationale
                2 => $"{r.C1}\t{r.C2}\t{(r.Prior ? "*" : "")}\t{Field(r.Effective)}\t{Field(r.Deletion)}\t{r.Indicator}\t\"{r.Rationale}\"", // a quoted rationale
                3 => $"{r.C1}\t{r.C2}\t{(r.Prior ? "*" : "")}\t{Field(r.Effective)}\t{Field(r.Deletion)}\t{r.Indicator}\t{r.Rationale}\t", // a trailing empty field
                4 => $"\n{r.C1}\t{r.C2}\t{(r.Prior ? "*" : "")}\t{Field(r.Effective)}\t{Field(r.Deletion)}\t{r.Indicator}\t{r.Rationale}", // after an empty line
                _ => $"{r.C1}\t{r.C2}\t{(r.Prior ? "*" : "")}\t{Field(r.Effective)}\t{Field(r.Deletion)}\t{r.Indicator}\t{r.Rationale}",
            };
            varied.Append(row).Append(i % 2 == 0 ? "\r\n" : "\n");
        }

        var a = NcciReaders.Ptp(Encoding.ASCII.GetBytes(plain.ToString()), "ccipra-v322r0-f1.txt", values: true);
        var b = NcciReaders.Ptp(Encoding.ASCII.GetBytes(varied.ToString()), "ccipra-v322r0-f1.txt", values: true);
        Assert.Equal(rows.Count, a.Sum(c => c.Rows.Length));
        Assert.Equal(RowsOf(a), RowsOf(b));
    }
}

/// <summary>
/// The memory a loaded table keeps, measured with <see cref="GC.GetTotalMemory(bool)"/>: alone, as the heap counts
/// what every thread allocates (under a parallel run another test's allocations landed in the measure).
/// </summary>
[Collection(nameof(PtpTableMemoryTests))]
public class PtpTableMemoryTests
{
    [Fact]
    public void A_loaded_table_keeps_at_most_16_bytes_per_edit()
    {
        var bytes = PtpTableTests.Generated.Value.Bytes;
        long before = GC.GetTotalMemory(forceFullCollection: true);
        var table = PtpTableTests.Load(bytes);
        long after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(table);
        double perEdit = (after - before) / (double)table.Count;
        // The slots (8 bytes an edit at load 3/4) and the two pair indexes (2 bytes each) make about 15; the code
        // hash and the small arrays add a little on a table this small. A PtpEdit[] alone was 40.
        Assert.InRange(perEdit, 8, 18);

        // Streamed from disk: the blocks it was read in are not kept either.
        string path = Path.Combine(Directory.CreateTempSubdirectory("medpayiq-ptp-").FullName, "ccipra-v322r0-f1.txt");
        try
        {
            File.WriteAllBytes(path, bytes);
            before = GC.GetTotalMemory(forceFullCollection: true);
            var streamed = NcciLoader.Load(path);
            after = GC.GetTotalMemory(forceFullCollection: true);
            GC.KeepAlive(streamed);
            Assert.InRange((after - before) / (double)table.Count, 8, 18);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }

    [Fact]
    public void A_snapshot_opened_from_a_file_keeps_its_hash_and_indexes_mapped_not_copied()
    {
        var table = PtpTableTests.Load(PtpTableTests.Generated.Value.Bytes);
        string path = Path.Combine(Directory.CreateTempSubdirectory("medpayiq-mapped-").FullName, "ptp.ncci");
        try
        {
            NcciSnapshot.Write(path, [table]);
            long before = GC.GetTotalMemory(forceFullCollection: true);
            var mapped = NcciSnapshot.Read(path);
            long after = GC.GetTotalMemory(forceFullCollection: true);
            GC.KeepAlive(mapped);
            // The slots and partner indexes (about 14 bytes an edit) stay in the file's mapping; the codes, dates and
            // the code hash are what the heap holds.
            Assert.InRange((after - before) / (double)table.Count, 0, 3);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }
}

[CollectionDefinition(nameof(PtpTableMemoryTests), DisableParallelization = true)]
public class PtpTableMemoryGroup;
