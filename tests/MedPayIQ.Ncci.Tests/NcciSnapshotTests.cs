using System.Text;
using FsCheck.Xunit;
using MedPayIQ.Pricing;

namespace MedPayIQ.Ncci.Tests;

/// <summary>Compiled snapshots: text -> snapshot -> the same tables and findings; anything else a precise error.</summary>
public class NcciSnapshotTests
{
    private static readonly NcciTable[] TextTables = [NcciLoaderTests.Ptp, NcciLoaderTests.Mue, PackagedNcci.PractitionerMue, PackagedNcci.AddOnEdits];

    private static byte[] Compile(IEnumerable<NcciTable> tables)
    {
        using var ms = new MemoryStream();
        NcciSnapshot.Write(ms, tables);
        return ms.ToArray();
    }

    private static readonly Lazy<byte[]> Snapshot = new(() => Compile(TextTables));

    private static readonly NcciChecker FromText = new(NcciCatalog.Create(TextTables));
    private static readonly NcciChecker FromSnapshot = new(NcciCatalog.Create(NcciLoader.Load(new MemoryStream(Snapshot.Value), "ncci-2026.ncci")));

    private static readonly string[] Pool = ["0001A", "0591T", "0592T", "36591", "96523", "99213", "99292", "99291", "0001U", "0002M", "0070U", "0071U", "0054T", "0984T", "36221", "88350", "77321", "20610", "90473"];
    private static readonly string[] Mods = ["", "", "59", "XU", "25", "RT", "LT", "76", "91"];

    [Fact]
    public void A_snapshot_holds_the_tables_with_their_sources_and_rows()
    {
        var tables = NcciSnapshot.Read(new MemoryStream(Snapshot.Value), "ncci-2026.ncci");
        Assert.Equal(TextTables.Select(t => t.Source), tables.Select(t => t.Source));
        Assert.Equal(TextTables.Select(t => t.Count), tables.Select(t => t.Count));
        Assert.Equal(NcciLoaderTests.Ptp.Rows.Select(e => e.ToString()), ((PtpTable)tables[0]).Rows.Select(e => e.ToString()));
        Assert.Equal(PackagedNcci.PractitionerMue.Rows, ((MueTable)tables[2]).Rows);
        Assert.Equal(PackagedNcci.AddOnEdits.Rows, ((AddOnTable)tables[3]).Rows);

        // A snapshot of a snapshot's tables is the same bytes.
        Assert.Equal(Snapshot.Value, Compile(tables));
    }

    [Property(MaxTest = 300)]
    public bool Text_and_snapshot_tables_give_the_same_findings_on_random_claims(int seed)
    {
        var random = new Random(seed);
        DateOnly[] days = [new(2023, 6, 1), new(2026, 5, 1), new(2026, 7, 15)];
        ClaimLine[] lines = [.. Enumerable.Range(0, random.Next(1, 11)).Select(_ => new ClaimLine(days[random.Next(days.Length)], HcpcsCode.Parse(Pool[random.Next(Pool.Length)]), ModifierSet.Parse(Mods[random.Next(Mods.Length)])) { Units = random.Next(1, 5) })];
        var (text, snapshot) = (FromText.Check(lines), FromSnapshot.Check(lines));
        return Key(text).SequenceEqual(Key(snapshot)) && text.Findings.SequenceEqual(snapshot.Findings); // findings are equal by value too
    }

    /// <summary>Every field of every finding, and the notes, in words.</summary>
    private static IEnumerable<string> Key(NcciCheck check)
        => check.Findings.Select(f => $"{f.Kind} [{string.Join(",", f.Lines)}] [{string.Join(",", f.DeniedLines)}] {f.DeniedLine} {f.DenialCode} {f.UnitsOver} {f.Edit} | {f.Reason} | {f.Fix} | {f.Source} {f.Source.Sha256}")
            .Concat(check.Notes);

    [Fact]
    public void A_snapshot_in_a_folder_serves_and_a_CMS_file_beside_it_that_changed_makes_it_stale()
    {
        var folder = Directory.CreateTempSubdirectory("medpayiq-snapshot-").FullName;
        try
        {
            var text = File.ReadAllBytes(NcciLoaderTests.DataPath("ccipra-v322r0-f1.excerpt.txt"));
            File.WriteAllBytes(Path.Combine(folder, "ptp.ncci"), Compile([NcciLoaderTests.Ptp]));
            var alone = Assert.Single(NcciLoader.Load(folder));
            Assert.Equal(NcciLoaderTests.Ptp.Source, alone.Source);

            // The file it was compiled from, unchanged, beside it: the snapshot serves, the file is not read twice.
            File.WriteAllBytes(Path.Combine(folder, "ccipra-v322r0-f1.excerpt.txt"), text);
            Assert.Single(NcciLoader.Load(folder));

            // Changed: stale, named with both hashes.
            text[^3] = (byte)'X';
            File.WriteAllBytes(Path.Combine(folder, "ccipra-v322r0-f1.excerpt.txt"), text);
            var ex = Assert.Throws<NcciFormatException>(() => NcciLoader.Load(folder));
            Assert.Equal("ptp.ncci", ex.FileName);
            Assert.Contains("is stale: it was compiled from ccipra-v322r0-f1.excerpt.txt with SHA-256 61d8febbae7ef18f02faab25ce5b8de7afae61eed1aca4cbf44a9daf5e19a591", ex.Message, StringComparison.Ordinal);
            var same = Assert.Throws<NcciFormatException>(() => NcciLoader.Load([Path.Combine(folder, "ptp.ncci"), Path.Combine(folder, "ccipra-v322r0-f1.excerpt.txt")], new NcciLoadOptions()));
            Assert.Equal(ex.Message, same.Message);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Every_cut_of_a_snapshot_and_every_flipped_byte_is_a_precise_error_never_a_table()
    {
        var bytes = Compile([NcciLoaderTests.Ptp, NcciLoaderTests.Mue]);
        for (int cut = 0; cut < bytes.Length; cut += 1 + (cut / 16))
        {
            var ex = Assert.Throws<NcciFormatException>(() => NcciLoader.Load(new MemoryStream(bytes[..cut]), "cut.ncci"));
            Assert.Equal("cut.ncci", ex.FileName);
        }

        var random = new Random(5);
        for (int i = 0; i < 400; i++)
        {
            var flipped = (byte[])bytes.Clone();
            int at = random.Next(8, flipped.Length);
            flipped[at] ^= (byte)(1 << random.Next(8));
            var ex = Assert.Throws<NcciFormatException>(() => NcciLoader.Load(new MemoryStream(flipped), "flipped.ncci"));
            Assert.Contains("flipped.ncci", ex.Message, StringComparison.Ordinal);
        }

        var future = (byte[])bytes.Clone();
        future[8] = 4;
        Assert.Contains("has snapshot format version 4; this MedPayIQ reads version 3 and earlier", Assert.Throws<NcciFormatException>(() => NcciLoader.Load(new MemoryStream(future), "future.ncci")).Message, StringComparison.Ordinal);
        Assert.Contains("expected a MedPayIQ NCCI snapshot", Assert.Throws<NcciFormatException>(() => NcciSnapshot.Read(new MemoryStream(Encoding.ASCII.GetBytes("Column 1\tColumn 2\r\n")), "x.ncci")).Message, StringComparison.Ordinal);
    }

    /// <summary>The PTP and MUE excerpts as an earlier MedPayIQ compiled them (data/snapshots, PROVENANCE.md): format 1 or 2.</summary>
    private static byte[] Legacy(int format) => File.ReadAllBytes(NcciLoaderTests.DataPath($"snapshots/excerpts.format-{format}.ncci"));

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void A_snapshot_of_an_earlier_format_is_read_and_hashed_again_into_the_same_table(int format)
    {
        Assert.Equal(3, NcciSnapshot.CurrentFormatVersion);
        var old = Legacy(format);
        Assert.Equal(format, BitConverter.ToUInt16(old, 8));
        var tables = NcciSnapshot.Read(new MemoryStream(old), "old.ncci");
        Assert.Equal([NcciLoaderTests.Ptp.Source, NcciLoaderTests.Mue.Source], tables.Select(t => t.Source));
        var ptp = (PtpTable)tables[0];
        Assert.Equal(NcciLoaderTests.Ptp.Rows, ptp.Rows);

        // Every pair of the excerpt, both ways round, on dates before, inside and after its edits: the same answers.
        DateOnly[] days = [new(1995, 1, 1), new(2019, 6, 30), new(2026, 7, 1), new(2099, 1, 1)];
        foreach (var e in NcciLoaderTests.Ptp.Rows)
        {
            foreach (var day in days)
            {
                Assert.Equal(NcciLoaderTests.Ptp.TryFind(e.Column1, e.Column2, day, out var a), ptp.TryFind(e.Column1, e.Column2, day, out var b));
                Assert.Equal(a, b);
                Assert.Equal(NcciLoaderTests.Ptp.TryFind(e.Column2, e.Column1, day, out a), ptp.TryFind(e.Column2, e.Column1, day, out b));
                Assert.Equal(a, b);
            }

            Assert.Equal(NcciLoaderTests.Ptp.EditsOf(e.Column2), ptp.EditsOf(e.Column2));
        }

        // Written again: format 3, the bytes of the same tables compiled from CMS's files.
        var bytes = Compile([NcciLoaderTests.Ptp, NcciLoaderTests.Mue]);
        Assert.Equal(3, BitConverter.ToUInt16(bytes, 8));
        Assert.All(bytes[40..64], b => Assert.Equal(0, b)); // XXH128 takes 16 bytes: the rest of the header is zero
        Assert.Equal(bytes, Compile(tables));
    }

    [Fact]
    public void Damage_to_a_snapshot_of_any_format_and_a_relabelled_format_are_errors_never_a_table()
    {
        var (format1, format2, format3) = (Legacy(1), Legacy(2), Compile([NcciLoaderTests.Ptp, NcciLoaderTests.Mue]));
        string Error(byte[] bytes) => Assert.Throws<NcciFormatException>(() => NcciSnapshot.Read(new MemoryStream(bytes), "x.ncci")).Message;
        byte[] With(byte[] bytes, int at, Func<byte, byte> change)
        {
            var copy = (byte[])bytes.Clone();
            copy[at] = change(copy[at]);
            return copy;
        }

        int version = NcciSnapshot.HeaderLength + 3; // the first table's version text: the structure holds, the checksum tells
        Assert.Contains("is corrupt: the content's SHA-256 is ", Error(With(format1, version, b => (byte)(b ^ 4))), StringComparison.Ordinal);
        Assert.Contains("is corrupt: the content's XXH128 checksum is ", Error(With(format2, version, b => (byte)(b ^ 4))), StringComparison.Ordinal);
        Assert.Contains("is corrupt: the content's XXH128 checksum is ", Error(With(format3, version, b => (byte)(b ^ 4))), StringComparison.Ordinal);

        // Format 1's checksum is not the others': a version byte changed to or from 1 is an error.
        Assert.Throws<NcciFormatException>(() => NcciSnapshot.Read(new MemoryStream(With(format3, 8, _ => 1)), "x.ncci"));
        Assert.Contains("has a damaged header", Error(With(format1, 8, _ => 2)), StringComparison.Ordinal);
        Assert.Contains("has a damaged header", Error(With(format1, 8, _ => 3)), StringComparison.Ordinal);

        // Formats 2 and 3 share the checksum but not the hash of the pairs: relabelled, the slots are found unreachable.
        Assert.Contains("that its probe cannot reach", Error(With(format2, 8, _ => 3)), StringComparison.Ordinal);
        Assert.Contains("that its probe cannot reach", Error(With(format3, 8, _ => 2)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_snapshot_file_is_mapped_checked_whole_and_answers_as_the_text_table()
    {
        var text = PtpTableTests.Load(PtpTableTests.Generated.Value.Bytes);
        var bytes = Compile([text]);
        var folder = Directory.CreateTempSubdirectory("medpayiq-mapped-").FullName;
        try
        {
            string path = Path.Combine(folder, "ptp.ncci");
            File.WriteAllBytes(path, bytes);
            var mapped = (PtpTable)NcciSnapshot.Read(path)[0];
            Assert.Equal(text.Source, mapped.Source);
            Assert.Equal(text.Rows, mapped.Rows);
            var rows = PtpTableTests.Generated.Value.Rows;
            var random = new Random(5);
            DateOnly[] days = [new(1995, 6, 1), new(2012, 3, 4), new(2016, 1, 1), new(2026, 7, 1)];
            for (int i = 0; i < 5_000; i++)
            {
                var r = rows[random.Next(rows.Count)];
                var (c1, c2) = i % 3 == 0 ? (HcpcsCode.Parse(r.C2), HcpcsCode.Parse(r.C1)) : (HcpcsCode.Parse(r.C1), HcpcsCode.Parse(r.C2));
                var day = days[random.Next(days.Length)];
                Assert.Equal(text.TryFind(c1, c2, day, out var a), mapped.TryFind(c1, c2, day, out var b));
                Assert.Equal(a, b);
                Assert.Equal(text.EditsOf(c2), mapped.EditsOf(c2));
            }

            Assert.Equal(bytes, Compile([mapped])); // a mapped table writes the same snapshot

            // The checksum is read from the open file on another core while the arrays are read: never in each other's way.
            for (int i = 0; i < 40; i++)
            {
                Assert.Equal(text.Count, NcciSnapshot.Read(path)[0].Count);
            }

            // On disk as in memory: a flipped byte anywhere (in the mapped hash too) or a cut is an error, never a table.
            foreach (int at in new[] { 70, bytes.Length / 3, bytes.Length / 2, bytes.Length - 5 })
            {
                var flipped = (byte[])bytes.Clone();
                flipped[at] ^= 0x10;
                File.WriteAllBytes(path, flipped);
                Assert.Contains("ptp.ncci", Assert.Throws<NcciFormatException>(() => NcciLoader.Load(path)).Message, StringComparison.Ordinal);
            }

            File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
            Assert.Contains("is truncated", Assert.Throws<NcciFormatException>(() => NcciSnapshot.Read(path)).Message, StringComparison.Ordinal);
            GC.KeepAlive(mapped);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
