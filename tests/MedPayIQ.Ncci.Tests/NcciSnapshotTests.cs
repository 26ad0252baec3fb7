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
        future[8] = 3;
        Assert.Contains("has snapshot format version 3; this MedPayIQ reads version 2 and earlier", Assert.Throws<NcciFormatException>(() => NcciLoader.Load(new MemoryStream(future), "future.ncci")).Message, StringComparison.Ordinal);
        Assert.Contains("expected a MedPayIQ NCCI snapshot", Assert.Throws<NcciFormatException>(() => NcciSnapshot.Read(new MemoryStream(Encoding.ASCII.GetBytes("Column 1\tColumn 2\r\n")), "x.ncci")).Message, StringComparison.Ordinal);
    }

    /// <summary>The same content under format 1's header: the version 1, the content's SHA-256 in bytes 24-55.</summary>
    private static byte[] AsFormat1(byte[] snapshot)
    {
        var old = (byte[])snapshot.Clone();
        old[8] = 1;
        System.Security.Cryptography.SHA256.HashData(old.AsSpan(NcciSnapshot.HeaderLength), old.AsSpan(24, 32));
        return old;
    }

    [Fact]
    public void A_snapshot_of_format_1_is_still_read_and_its_damage_is_an_error()
    {
        Assert.Equal(2, NcciSnapshot.CurrentFormatVersion);
        var bytes = Compile([NcciLoaderTests.Ptp, NcciLoaderTests.Mue]);
        Assert.Equal(2, BitConverter.ToUInt16(bytes, 8));
        Assert.All(bytes[40..64], b => Assert.Equal(0, b)); // XXH128 takes 16 bytes: the rest of the header is zero

        var old = AsFormat1(bytes);
        var tables = NcciSnapshot.Read(new MemoryStream(old), "old.ncci");
        Assert.Equal([NcciLoaderTests.Ptp.Source, NcciLoaderTests.Mue.Source], tables.Select(t => t.Source));
        Assert.Equal(NcciLoaderTests.Ptp.Rows, ((PtpTable)tables[0]).Rows);
        Assert.Equal(bytes, Compile(tables)); // written again: format 2

        var changed = (byte[])old.Clone();
        changed[NcciSnapshot.HeaderLength + 3] ^= 4; // the first table's version text: the structure holds, the checksum tells
        Assert.Contains("is corrupt: the content's SHA-256 is ", Assert.Throws<NcciFormatException>(() => NcciSnapshot.Read(new MemoryStream(changed), "old.ncci")).Message, StringComparison.Ordinal);

        // Format 2's checksum is not format 1's: a version byte changed either way is an error, never a table.
        var relabelled = (byte[])bytes.Clone();
        relabelled[8] = 1;
        Assert.Throws<NcciFormatException>(() => NcciSnapshot.Read(new MemoryStream(relabelled), "relabelled.ncci"));
        var up = (byte[])old.Clone();
        up[8] = 2;
        Assert.Contains("has a damaged header", Assert.Throws<NcciFormatException>(() => NcciSnapshot.Read(new MemoryStream(up), "up.ncci")).Message, StringComparison.Ordinal);
        changed = (byte[])bytes.Clone();
        changed[NcciSnapshot.HeaderLength + 3] ^= 4;
        Assert.Contains("is corrupt: the content's XXH128 checksum is ", Assert.Throws<NcciFormatException>(() => NcciSnapshot.Read(new MemoryStream(changed), "new.ncci")).Message, StringComparison.Ordinal);
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
