using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using MedPayIQ.Pricing;

namespace MedPayIQ.Ncci;

/// <summary>The snapshot reader: the content read once, hashed and checked as it goes.</summary>
public static partial class NcciSnapshot
{
    /// <summary>
    /// The content's checksum as it is read: format 2's XXH128 (non-cryptographic, about ten times SHA-256's speed: any
    /// accidental change of the content is detected, and a deliberate one could rewrite the header too, whatever the
    /// hash), or format 1's SHA-256.
    /// </summary>
    private sealed class ContentChecksum(bool sha256)
    {
        private readonly IncrementalHash? _sha256 = sha256 ? IncrementalHash.CreateHash(HashAlgorithmName.SHA256) : null;
        private readonly XxHash128? _xxHash = sha256 ? null : new XxHash128();

        public void Append(ReadOnlySpan<byte> bytes)
        {
            if (_xxHash is not null)
            {
                _xxHash.Append(bytes);
            }
            else
            {
                _sha256!.AppendData(bytes);
            }
        }

        /// <summary>The checksum's name in messages.</summary>
        public string Name => _xxHash is not null ? "XXH128 checksum" : "SHA-256";

        /// <summary>The checksum's name and value.</summary>
        public (string Name, byte[] Value) Result() => (Name, _xxHash is not null ? _xxHash.GetHashAndReset() : _sha256!.GetHashAndReset());

        /// <summary>The checksum of <paramref name="length"/> bytes of an open file from <paramref name="offset"/> (fewer when it ends first).</summary>
        public byte[] OfFile(Microsoft.Win32.SafeHandles.SafeFileHandle file, long offset, long length)
        {
            var buffer = new byte[1 << 16];
            for (long at = offset, end = offset + length; at < end;)
            {
                int read = RandomAccess.Read(file, buffer.AsSpan(0, (int)Math.Min(buffer.Length, end - at)), at);
                if (read <= 0)
                {
                    break; // cut short: the reader says so, with the byte
                }

                Append(buffer.AsSpan(0, read));
                at += read;
            }

            return Result().Value;
        }
    }

    /// <summary>
    /// Reads the content, hashing every byte as it goes (unless <paramref name="hash"/> is null: a file's checksum is
    /// computed beside it); a table is only returned after it checks whole. A PTP table of format 1 or 2
    /// (<paramref name="legacyHash"/>) is checked with its format's home slots, then hashed again in memory.
    /// </summary>
    private sealed class SnapshotReader(Stream stream, string fileName, long length, MappedFile? mapped, ContentChecksum? hash, bool legacyHash)
    {
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

            hash?.Append(into);
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
                var check = slotCheck = new SlotCheck(n, codes, days.Length, rationales.Length, legacyHash);
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

            return new PtpTable(source, legacyHash
                ? PtpTableBuilder.Rehash(count, codes, days, rationales, slots) // format 1 or 2: its slots, checked, go into a hash of this format's
                : new PtpTableData(count, codes, days, rationales, slots, firstStarts, seconds, secondStarts, firsts));
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

        /// <summary>After the last table: every byte read, and the content's checksum (its name and value) the one recorded.</summary>
        public void End(ReadOnlySpan<byte> recorded, (string Name, byte[] Value) checksum)
        {
            if (_at != length)
            {
                Fail(fileName, Offset, $"is corrupt: the tables end at {_at:N0} of {length:N0} content bytes");
            }

            var (name, actual) = checksum;
            if (!actual.AsSpan().SequenceEqual(recorded))
            {
                Fail(fileName, 24, $"is corrupt: the content's {name} is {Convert.ToHexStringLower(actual)}, the header records {Convert.ToHexStringLower(recorded)}");
            }
        }
    }
}
