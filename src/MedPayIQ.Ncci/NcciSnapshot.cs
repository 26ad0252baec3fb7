using System.Collections.Immutable;
using System.Runtime.InteropServices;
using System.IO.Hashing;
using System.Text;
using MedPayIQ.Pricing;

namespace MedPayIQ.Ncci;

/// <summary>
/// A compiled snapshot of NCCI tables (as NodaTime compiles the tz database): one immutable binary file holding one or
/// more loaded tables in their compact form, with the format version, each table's kind, version, first date of
/// service, CMS's source file names and their SHA-256, and a checksum of the whole content (formats 2 and 3: XXH128, a
/// fast non-cryptographic hash that detects accidental damage; format 1, still read: SHA-256). Format 3 places a PTP
/// table's edits by a cheaper hash of the pair than formats 1 and 2, which are still read (their tables hashed again
/// as they open). Opening one reads each
/// array once, straight into the table (no parsing); <see cref="NcciLoader"/> opens a snapshot wherever it takes a CMS
/// file. A corrupt, truncated or newer-format snapshot is an <see cref="NcciFormatException"/>, never a table.
/// </summary>
public static partial class NcciSnapshot
{
    /// <summary>The file extension used for snapshots (<c>.ncci</c>).</summary>
    public const string Extension = ".ncci";

    /// <summary>
    /// The first snapshot format (1: the content's checksum a SHA-256), which this library still reads. A constant is
    /// compiled into its callers: read <see cref="CurrentFormatVersion"/> for the format this library writes.
    /// </summary>
    [Obsolete("The first snapshot format (1), still read; NcciSnapshot.CurrentFormatVersion is the format this library writes.")]
    public const int FormatVersion = Sha256Format;

    /// <summary>
    /// The snapshot format this library writes (3: the content's checksum an XXH128, a PTP table's edits placed by a
    /// hash of their two codes), and the latest it reads; it reads formats 1 (the checksum a SHA-256) and 2 (an
    /// XXH128) too, whose PTP tables are hashed again as they open. A later format is a precise error.
    /// </summary>
    public static int CurrentFormatVersion => CodeHashFormat;

    /// <summary>Format 1: the content's checksum a SHA-256 (header bytes 24-55).</summary>
    private const int Sha256Format = 1;

    /// <summary>Format 2: the content's checksum an XXH128 (header bytes 24-39; 40-63 zero).</summary>
    private const int XxHashFormat = 2;

    /// <summary>Format 3: format 2's header; a PTP table's slots placed by <see cref="PtpTable.HomeOf"/> of their codes (formats 1 and 2: <see cref="PtpTable.LegacyHome"/>).</summary>
    private const int CodeHashFormat = 3;

    internal const int HeaderLength = 64;
    private const int MaxString = ushort.MaxValue;
    private static ReadOnlySpan<byte> Magic => "MPIQNCCI"u8;

    /// <summary>Writes tables to a snapshot file (replacing it).</summary>
    /// <exception cref="ArgumentException">No tables, or a table of an unknown type.</exception>
    public static void Write(string path, IEnumerable<NcciTable> tables)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var file = File.Create(path);
        Write(file, tables);
    }

    /// <summary>Writes tables to a stream as a snapshot.</summary>
    /// <exception cref="ArgumentException">No tables, or a table of an unknown type.</exception>
    public static void Write(Stream stream, IEnumerable<NcciTable> tables)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(tables);
        var list = tables.ToList();
        if (list.Count == 0)
        {
            throw new ArgumentException("A snapshot holds at least one table.", nameof(tables));
        }

        using var content = new MemoryStream();
        using (var w = new BinaryWriter(content, Encoding.UTF8, leaveOpen: true))
        {
            foreach (var t in list)
            {
                WriteTable(w, t);
            }
        }

        var header = new byte[HeaderLength];
        Magic.CopyTo(header);
        BitConverter.TryWriteBytes(header.AsSpan(8), (ushort)CodeHashFormat);
        BitConverter.TryWriteBytes(header.AsSpan(10), (ushort)HeaderLength);
        BitConverter.TryWriteBytes(header.AsSpan(12), list.Count);
        BitConverter.TryWriteBytes(header.AsSpan(16), content.Length);
        XxHash128.Hash(content.GetBuffer().AsSpan(0, (int)content.Length), header.AsSpan(24, 16));
        stream.Write(header);
        content.Position = 0;
        content.CopyTo(stream);
    }

    /// <summary>Whether bytes start as a snapshot does.</summary>
    internal static bool IsSnapshot(ReadOnlySpan<byte> start) => start.StartsWith(Magic);

    private static void WriteTable(BinaryWriter w, NcciTable table)
    {
        var s = table.Source;
        w.Write((byte)s.Kind);
        WriteString(w, s.Version);
        w.Write(s.EffectiveFrom.DayNumber);
        w.Write(s.Length);
        var hashes = s.Sha256.Split(' ');
        w.Write((ushort)s.FileNames.Length);
        for (int i = 0; i < s.FileNames.Length; i++)
        {
            WriteString(w, s.FileNames[i]);
            WriteString(w, i < hashes.Length ? hashes[i] : string.Empty);
        }

        switch (table)
        {
            case PtpTable ptp:
                var d = ptp.Data;
                w.Write(d.Count);
                WriteArray(w, d.Codes);
                WriteArray(w, d.Days);
                WriteStrings(w, d.Rationales);
                WriteArray(w, d.Slots);
                WriteArray(w, d.FirstStarts);
                WriteArray(w, d.Seconds);
                WriteArray(w, d.SecondStarts);
                WriteArray(w, d.Firsts);
                d.Slots.KeepAlive();
                d.Seconds.KeepAlive();
                d.Firsts.KeepAlive();
                break;
            case MueTable mue:
                var rows = mue.Rows;
                var texts = rows.Select(r => r.Rationale).Distinct().ToArray();
                var index = texts.Select((t, i) => (t, i)).ToDictionary(x => x.t, x => (ushort)x.i, StringComparer.Ordinal);
                WriteStrings(w, texts);
                WriteArray(w, rows.Select(r => r.Hcpcs.PackedValue).ToArray());
                WriteArray(w, rows.Select(r => r.Value).ToArray());
                WriteArray(w, rows.Select(r => (byte)r.Adjudication).ToArray());
                WriteArray(w, rows.Select(r => index[r.Rationale]).ToArray());
                break;
            case AddOnTable aoc:
                var edits = aoc.Rows;
                var notes = edits.Select(r => r.Notes).Distinct().ToArray();
                var noteIndex = notes.Select((t, i) => (t, i)).ToDictionary(x => x.t, x => (ushort)x.i, StringComparer.Ordinal);
                WriteStrings(w, notes);
                WriteArray(w, edits.Select(r => (byte)r.Type).ToArray());
                WriteArray(w, edits.Select(r => r.AddOn.PackedValue).ToArray());
                WriteArray(w, edits.Select(r => Day(r.AddOnDeleted)).ToArray());
                WriteArray(w, edits.Select(r => r.Primary.PackedValue).ToArray());
                WriteArray(w, edits.Select(r => Day(r.PrimaryDeleted)).ToArray());
                WriteArray(w, edits.Select(r => r.Effective.DayNumber).ToArray());
                WriteArray(w, edits.Select(r => Day(r.Deleted)).ToArray());
                WriteArray(w, edits.Select(r => noteIndex[r.Notes]).ToArray());
                break;
            default:
                throw new ArgumentException($"{table.GetType().Name} is not a table a snapshot holds.", nameof(table));
        }
    }

    private static int Day(DateOnly? date) => date is { } d ? d.DayNumber : -1;

    private static void WriteString(BinaryWriter w, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        if (bytes.Length > MaxString)
        {
            throw new ArgumentException($"A text of {bytes.Length:N0} bytes is longer than a snapshot holds ({MaxString:N0}).");
        }

        w.Write((ushort)bytes.Length);
        w.Write(bytes);
    }

    private static void WriteStrings(BinaryWriter w, string[] texts)
    {
        w.Write(texts.Length);
        foreach (var t in texts)
        {
            WriteString(w, t);
        }
    }

    private static void WriteArray<T>(BinaryWriter w, T[] values)
        where T : unmanaged
        => WriteArray(w, (ReadOnlySpan<T>)values);

    private static void WriteArray<T>(BinaryWriter w, TableMemory<T> values)
        where T : unmanaged
        => WriteArray(w, (ReadOnlySpan<T>)values.Span);

    private static void WriteArray<T>(BinaryWriter w, ReadOnlySpan<T> values)
        where T : unmanaged
    {
        w.Write(values.Length);
        w.Write(MemoryMarshal.AsBytes(values));
    }

    /// <summary>
    /// Opens a snapshot file: its tables. The file is read once, in blocks, to check its hash and every array (a
    /// corrupt file is an error here, never a wrong answer later); a PTP table's large arrays (its hash and partner
    /// indexes) are then not copied but mapped from the file, so a process keeps in memory only the pages its probes
    /// read, and processes opening the same snapshot share them. The other arrays are read into place.
    /// </summary>
    /// <exception cref="NcciFormatException">The file is not a snapshot, is truncated or corrupt, or has a newer format.</exception>
    public static ImmutableArray<NcciTable> Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return Read(file, Path.GetFileName(path));
    }

    /// <summary>Reads a snapshot from a stream; <paramref name="fileName"/> names it in errors.</summary>
    /// <exception cref="NcciFormatException">The stream is not a snapshot, is truncated or corrupt, or has a newer format.</exception>
    public static ImmutableArray<NcciTable> Read(Stream stream, string fileName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(fileName);
        bool fromStart = stream is FileStream { CanSeek: true, Position: 0 }; // a file's offsets are the content's: it can be mapped
        var header = new byte[HeaderLength];
        int got = stream.ReadAtLeast(header, HeaderLength, throwOnEndOfStream: false);
        if (got < 8 || !IsSnapshot(header))
        {
            Fail(fileName, 0, "expected a MedPayIQ NCCI snapshot (it starts MPIQNCCI; write one with NcciSnapshot.Write or medpayiq ncci compile)");
        }

        if (got < HeaderLength)
        {
            Fail(fileName, got, $"is truncated: {got} bytes, the snapshot header alone is {HeaderLength}");
        }

        int version = BitConverter.ToUInt16(header, 8);
        if (version > CodeHashFormat)
        {
            Fail(fileName, 8, $"has snapshot format version {version}; this MedPayIQ reads version {CodeHashFormat} and earlier: compile the snapshot with this version, or use a newer MedPayIQ");
        }

        int checksumLength = version == Sha256Format ? 32 : 16; // the rest of the header is reserved: zero
        if (version == 0 || BitConverter.ToUInt16(header, 10) != HeaderLength || header.AsSpan(24 + checksumLength).ContainsAnyExcept((byte)0))
        {
            Fail(fileName, 8, $"has a damaged header (format version {version}, header length {BitConverter.ToUInt16(header, 10)}, reserved bytes {24 + checksumLength}-{HeaderLength - 1} {Convert.ToHexStringLower(header.AsSpan(24 + checksumLength))}; expected 1 to {CodeHashFormat}, {HeaderLength} and zeros)");
        }

        int count = BitConverter.ToInt32(header, 12);
        long length = BitConverter.ToInt64(header, 16);
        if (stream.CanSeek && stream.Length - stream.Position != length)
        {
            Fail(fileName, HeaderLength, $"is {(stream.Length - stream.Position < length ? "truncated" : "longer than recorded")}: the header records {length:N0} bytes of content, the file has {stream.Length - stream.Position:N0}");
        }

        if (count is < 1 or > 64 || length is < 0 or > int.MaxValue * 4L)
        {
            Fail(fileName, 12, $"has a damaged header ({count} tables, {length:N0} bytes of content)");
        }

        // A file's checksum is computed on another core, from the same open file (read at its offsets), while this
        // thread reads and checks the arrays: a table is only returned when both agree with the header.
        bool mapped = fromStart && length > 0;
        var checksum = new ContentChecksum(version == Sha256Format);
        // The handle is taken here, before the task starts: FileStream's getter syncs the stream's position with the
        // file's, which must not happen while this thread reads (the checksum's reads at offsets move neither).
        var handle = mapped ? ((FileStream)stream).SafeFileHandle : null;
        var ofFile = handle is not null ? Task.Run(() => checksum.OfFile(handle, HeaderLength, length)) : null;
        try
        {
            var reader = new SnapshotReader(stream, fileName, length, mapped ? new MappedFile((FileStream)stream) : null, ofFile is null ? checksum : null, legacyHash: version < CodeHashFormat);
            var tables = ImmutableArray.CreateBuilder<NcciTable>(count);
            for (int i = 0; i < count; i++)
            {
                tables.Add(reader.Table());
            }

            reader.End(header.AsSpan(24, checksumLength), ofFile is null ? checksum.Result() : (checksum.Name, ofFile.GetAwaiter().GetResult()));
            return tables.MoveToImmutable();
        }
        finally
        {
            if (ofFile is { IsCompleted: false })
            {
                ((IAsyncResult)ofFile).AsyncWaitHandle.WaitOne(); // the file stays open until the checksum has read it (errors here are the reader's)
            }
        }
    }

    /// <summary>Sees one block of a large array as it is read.</summary>
    private delegate void BlockCheck<T>(ReadOnlySpan<T> block);

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    internal static void Fail(string fileName, long offset, string expected)
        => throw new NcciFormatException(fileName, 0, 0, null, null, offset > 0 ? $"byte {offset:N0}: {expected}" : expected);
}
