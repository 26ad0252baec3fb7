using System.Collections.Immutable;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using MedPayIQ.Pricing;

namespace MedPayIQ.Ncci;

/// <summary>
/// A compiled snapshot of NCCI tables (as NodaTime compiles the tz database): one immutable binary file holding one or
/// more loaded tables in their compact form, with the format version, each table's kind, version, first date of
/// service, CMS's source file names and their SHA-256, and a SHA-256 of the whole content. Opening one reads each
/// array once, straight into the table (no parsing); <see cref="NcciLoader"/> opens a snapshot wherever it takes a CMS
/// file. A corrupt, truncated or newer-format snapshot is an <see cref="NcciFormatException"/>, never a table.
/// </summary>
public static class NcciSnapshot
{
    /// <summary>The file extension used for snapshots (<c>.ncci</c>).</summary>
    public const string Extension = ".ncci";

    /// <summary>The format version this library writes and reads.</summary>
    public const int FormatVersion = 1;

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
        BitConverter.TryWriteBytes(header.AsSpan(8), (ushort)FormatVersion);
        BitConverter.TryWriteBytes(header.AsSpan(10), (ushort)HeaderLength);
        BitConverter.TryWriteBytes(header.AsSpan(12), list.Count);
        BitConverter.TryWriteBytes(header.AsSpan(16), content.Length);
        SHA256.HashData(content.GetBuffer().AsSpan(0, (int)content.Length), header.AsSpan(24, 32));
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
        if (version > FormatVersion)
        {
            Fail(fileName, 8, $"has snapshot format version {version}; this MedPayIQ reads version {FormatVersion} and earlier: compile the snapshot with this version, or use a newer MedPayIQ");
        }

        if (version == 0 || BitConverter.ToUInt16(header, 10) != HeaderLength || BitConverter.ToInt64(header, 56) != 0)
        {
            Fail(fileName, 8, $"has a damaged header (format version {version}, header length {BitConverter.ToUInt16(header, 10)}, reserved {BitConverter.ToInt64(header, 56)}; expected {FormatVersion}, {HeaderLength} and 0)");
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

        var reader = new SnapshotReader(stream, fileName, length, fromStart && length > 0 ? new MappedFile((FileStream)stream) : null);
        var tables = ImmutableArray.CreateBuilder<NcciTable>(count);
        for (int i = 0; i < count; i++)
        {
            tables.Add(reader.Table());
        }

        reader.End(header.AsSpan(24, 32));
        return tables.MoveToImmutable();
    }

    /// <summary>Sees one block of a large array as it is read.</summary>
    private delegate void BlockCheck<T>(ReadOnlySpan<T> block);

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    internal static void Fail(string fileName, long offset, string expected)
        => throw new NcciFormatException(fileName, 0, 0, null, null, offset > 0 ? $"byte {offset:N0}: {expected}" : expected);

    /// <summary>Reads the content, hashing every byte as it goes; a table is only returned after it checks whole.</summary>
    private sealed class SnapshotReader(Stream stream, string fileName, long length, MappedFile? mapped)
    {
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        private readonly byte[] _scratch = new byte[8];
        private long _at;

        private long Offset => HeaderLength + _at;

        private void Bytes(Span<byte> into)
        {
            if (_at + into.Length > length)
            {
                Fail(fileName, Offset, $"is truncated or corrupt: {into.Length:N0} more bytes are needed past the {length:N0} recorded");
            }

            int got = stream.ReadAtLeast(into, into.Length, throwOnEndOfStream: false);
            if (got < into.Length)
            {
                Fail(fileName, Offset + got, $"is truncated: the content ends at {_at + got:N0} of {length:N0} bytes");
            }

            _hash.AppendData(into);
            _at += into.Length;
        }

        private byte U8()
        {
            Bytes(_scratch.AsSpan(0, 1));
            return _scratch[0];
        }

        private ushort U16()
        {
            Bytes(_scratch.AsSpan(0, 2));
            return BitConverter.ToUInt16(_scratch, 0);
        }

        private int I32()
        {
            Bytes(_scratch.AsSpan(0, 4));
            return BitConverter.ToInt32(_scratch, 0);
        }

        private long I64()
        {
            Bytes(_scratch);
            return BitConverter.ToInt64(_scratch, 0);
        }

        private string Text()
        {
            int n = U16();
            var bytes = new byte[n];
            Bytes(bytes);
            return Encoding.UTF8.GetString(bytes);
        }

        private string[] Texts()
        {
            int n = Length(2);
            var texts = new string[n];
            for (int i = 0; i < n; i++)
            {
                texts[i] = Text();
            }

            return texts;
        }

        /// <summary>An array's length, bounded by the bytes left (a damaged length never allocates more than the file holds).</summary>
        private int Length(int elementSize)
        {
            long at = Offset;
            int n = I32();
            if (n < 0 || (long)n * elementSize > length - _at)
            {
                Fail(fileName, at, $"is corrupt: an array of {n:N0} items of {elementSize} bytes does not fit in the {length - _at:N0} bytes left");
            }

            return n;
        }

        /// <summary>
        /// A large array: mapped from the file when it is one (only read here in blocks, to hash and check it), else
        /// read into a pinned array of its own; <paramref name="check"/> sees every block.
        /// </summary>
        private TableMemory<T> Large<T>(Func<int, BlockCheck<T>> check)
            where T : unmanaged
        {
            int size = System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
            int n = Length(size);
            var each = check(n);
            long offset = Offset;
            if (mapped is null || offset + ((long)n * size) > mapped.Length)
            {
                var own = new TableMemory<T>(n);
                Bytes(MemoryMarshal.AsBytes(own.Span));
                each(own.Span);
                return own;
            }

            var block = new T[Math.Min(n, (1 << 16) / size)];
            for (int done = 0; done < n; done += block.Length)
            {
                var part = block.AsSpan(0, Math.Min(block.Length, n - done));
                Bytes(MemoryMarshal.AsBytes(part));
                each(part);
            }

            return new TableMemory<T>(mapped, offset, n);
        }

        private T[] Array<T>()
            where T : unmanaged
        {
            int n = Length(System.Runtime.CompilerServices.Unsafe.SizeOf<T>());
            var values = new T[n];
            Bytes(MemoryMarshal.AsBytes(values.AsSpan()));
            return values;
        }

        public NcciTable Table()
        {
            long at = Offset;
            byte kindByte = U8();
            if (kindByte > (byte)NcciTableKind.AddOn)
            {
                Fail(fileName, at, $"is corrupt: table kind {kindByte} is not an NCCI table");
            }

            var kind = (NcciTableKind)kindByte;
            string version = Text();
            int effective = I32();
            long sourceLength = I64();
            int files = U16();
            var names = new string[files];
            var hashes = new string[files];
            for (int i = 0; i < files; i++)
            {
                names[i] = Text();
                hashes[i] = Text();
            }

            if (effective < DateOnly.MinValue.DayNumber || effective > DateOnly.MaxValue.DayNumber)
            {
                Fail(fileName, at, $"is corrupt: the first date of service of {kind} {version} is day {effective}");
            }

            var source = new NcciTableSource(kind, [.. names], version, DateOnly.FromDayNumber(effective), sourceLength, string.Join(' ', hashes));
            at = Offset;
            return kind switch
            {
                NcciTableKind.PtpPractitioner or NcciTableKind.PtpHospital => Ptp(source, at),
                NcciTableKind.AddOn => AddOns(source, at),
                _ => Mue(source, at),
            };
        }

        private PtpTable Ptp(NcciTableSource source, long at)
        {
            int count = I32();
            var codes = Array<int>();
            var days = Array<int>();
            var rationales = Texts();
            SlotCheck? slotCheck = null;
            var slots = Large<ulong>(n =>
            {
                var check = slotCheck = new SlotCheck(n, codes.Length, days.Length, rationales.Length);
                return check.Add;
            });
            var firstStarts = Array<int>();
            string? secondsProblem = null, firstsProblem = null;
            var seconds = Large<ushort>(_ => block => secondsProblem ??= PtpTableBuilder.OutOfRange(block, codes.Length));
            var secondStarts = Array<int>();
            var firsts = Large<ushort>(_ => block => firstsProblem ??= PtpTableBuilder.OutOfRange(block, codes.Length));
            if (PtpTableBuilder.Check(count, codes, days, rationales, firstStarts, seconds.Length, secondsProblem, secondStarts, firsts.Length, firstsProblem, slotCheck!) is { } problem)
            {
                Fail(fileName, at, $"is corrupt: the {source.Kind} {source.Version} table {problem}");
            }

            return new PtpTable(source, new PtpTableData(count, codes, days, rationales, slots, firstStarts, seconds, secondStarts, firsts));
        }

        private MueTable Mue(NcciTableSource source, long at)
        {
            var texts = Texts();
            var codes = Array<int>();
            var values = Array<int>();
            var mai = Array<byte>();
            var rationale = Array<ushort>();
            int n = codes.Length;
            if (values.Length != n || mai.Length != n || rationale.Length != n)
            {
                Fail(fileName, at, "is corrupt: the MUE columns differ in length");
            }

            var rows = new MueEntry[n];
            for (int i = 0; i < n; i++)
            {
                if (!ValidCode(codes[i]) || mai[i] is < 1 or > 3 || rationale[i] >= texts.Length || values[i] < 0)
                {
                    Fail(fileName, at, $"is corrupt: MUE row {i + 1} holds values no MUE row has");
                }

                rows[i] = new MueEntry(HcpcsCode.FromPackedValue(codes[i]), values[i], (MueAdjudication)mai[i], texts[rationale[i]]);
            }

            return new MueTable(source, rows);
        }

        private AddOnTable AddOns(NcciTableSource source, long at)
        {
            var notes = Texts();
            var type = Array<byte>();
            var addOn = Array<int>();
            var addOnDeleted = Array<int>();
            var primary = Array<int>();
            var primaryDeleted = Array<int>();
            var effective = Array<int>();
            var deleted = Array<int>();
            var note = Array<ushort>();
            int n = type.Length;
            if (new[] { addOn.Length, addOnDeleted.Length, primary.Length, primaryDeleted.Length, effective.Length, deleted.Length, note.Length }.Any(l => l != n))
            {
                Fail(fileName, at, "is corrupt: the add-on code edit columns differ in length");
            }

            var rows = new AddOnEdit[n];
            for (int i = 0; i < n; i++)
            {
                if (type[i] is < 1 or > 3 || !ValidCode(addOn[i]) || (primary[i] != 0 && !ValidCode(primary[i])) || note[i] >= notes.Length
                    || !ValidDay(effective[i]) || !OptionalDay(addOnDeleted[i]) || !OptionalDay(primaryDeleted[i]) || !OptionalDay(deleted[i]))
                {
                    Fail(fileName, at, $"is corrupt: add-on code edit row {i + 1} holds values no row has");
                }

                rows[i] = new AddOnEdit((AddOnEditType)type[i], HcpcsCode.FromPackedValue(addOn[i]), Date(addOnDeleted[i]), HcpcsCode.FromPackedValue(primary[i]), Date(primaryDeleted[i]),
                    DateOnly.FromDayNumber(effective[i]), Date(deleted[i]), notes[note[i]]);
            }

            return new AddOnTable(source, rows);
        }

        private static bool ValidCode(int packed) => packed is > 0 and <= 60_466_176;

        private static bool ValidDay(int day) => day >= DateOnly.MinValue.DayNumber && day <= DateOnly.MaxValue.DayNumber;

        private static bool OptionalDay(int day) => day == -1 || ValidDay(day);

        private static DateOnly? Date(int day) => day < 0 ? null : DateOnly.FromDayNumber(day);

        /// <summary>After the last table: every byte read, and the content's SHA-256 the one recorded.</summary>
        public void End(ReadOnlySpan<byte> recorded)
        {
            if (_at != length)
            {
                Fail(fileName, Offset, $"is corrupt: the tables end at {_at:N0} of {length:N0} content bytes");
            }

            Span<byte> actual = stackalloc byte[32];
            _hash.GetHashAndReset(actual);
            if (!actual.SequenceEqual(recorded))
            {
                Fail(fileName, 24, $"is corrupt: the content's SHA-256 is {Convert.ToHexStringLower(actual)}, the header records {Convert.ToHexStringLower(recorded)}");
            }
        }
    }
}
