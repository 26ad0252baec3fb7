using System.Collections.Immutable;
using System.Runtime.InteropServices;
using System.Text;

namespace MedPayIQ.Pricing;

/// <summary>
/// The PPRRVU table of one release: every (HCPCS, modifier) row, sorted by code then modifier, with constant-time
/// lookup. Immutable and safe to share between threads.
/// </summary>
public sealed class RvuTable
{
    private readonly RvuEntry[] _entries;
    private readonly PackedKeyIndex _index;
    private readonly byte[] _descriptionBytes;
    private readonly int[] _descriptionOffsets; // by row: the descriptor of row i is bytes [offsets[i], offsets[i + 1])

    internal RvuTable(RvuEntry[] sortedEntries, ReadOnlySpan<long> sortedKeys, byte[] descriptionBytes, int[] descriptionOffsets)
    {
        _entries = sortedEntries;
        _descriptionBytes = descriptionBytes;
        _descriptionOffsets = descriptionOffsets;
        _index = new PackedKeyIndex(sortedKeys);
    }

    internal static long Key(HcpcsCode code, Modifier modifier) => ((long)code.Packed << 16) | modifier.Packed;

    /// <summary>
    /// The rows of <paramref name="primary"/>, and those of <paramref name="fallback"/> whose code and modifier it lacks
    /// (CMS's QPP file lists only payable statuses; the other rows come from the non-qualifying file), sorted.
    /// </summary>
    internal static RvuTable Merge(RvuTable primary, RvuTable fallback)
    {
        var entries = new List<RvuEntry>(fallback.Count + primary.Count);
        var keys = new List<long>(entries.Capacity);
        var bytes = new List<byte>(primary._descriptionBytes.Length + fallback._descriptionBytes.Length);
        var offsets = new List<int>(entries.Capacity + 1) { 0 };
        int i = 0, j = 0;
        while (i < primary.Count || j < fallback.Count)
        {
            long a = i < primary.Count ? Key(primary._entries[i].Hcpcs, primary._entries[i].Modifier) : long.MaxValue;
            long b = j < fallback.Count ? Key(fallback._entries[j].Hcpcs, fallback._entries[j].Modifier) : long.MaxValue;
            var (table, index) = a <= b ? (primary, i) : (fallback, j);
            entries.Add(table._entries[index]);
            keys.Add(Math.Min(a, b));
            if (index + 1 < table._descriptionOffsets.Length)
            {
                int from = table._descriptionOffsets[index];
                bytes.AddRange(table._descriptionBytes.AsSpan(from, table._descriptionOffsets[index + 1] - from));
            }

            offsets.Add(bytes.Count);
            if (a <= b)
            {
                i++;
            }

            if (b <= a)
            {
                j++;
            }
        }

        return new RvuTable([.. entries], System.Runtime.InteropServices.CollectionsMarshal.AsSpan(keys), [.. bytes], [.. offsets]);
    }

    /// <summary>Number of rows.</summary>
    public int Count => _entries.Length;

    /// <summary>Every row, sorted by HCPCS code then modifier (global row first, then 26, 53, TC).</summary>
    public ImmutableArray<RvuEntry> Rows => ImmutableCollectionsMarshal.AsImmutableArray(_entries);

    /// <summary>The rows, sorted (internal: the pricer keeps an index into them rather than a copy).</summary>
    internal RvuEntry[] EntryArray => _entries;

    /// <summary>The index of a code and modifier's row in <see cref="EntryArray"/>, or -1.</summary>
    internal int IndexOf(HcpcsCode code, Modifier modifier) => _index.Find(Key(code, modifier));

    /// <summary>Looks up the row of a code and modifier (<see cref="Modifier.None"/> for the global service). Allocates nothing.</summary>
    /// <returns><c>true</c> when the release has that row.</returns>
    public bool TryGet(HcpcsCode code, Modifier modifier, out RvuEntry entry)
    {
        int i = _index.Find(Key(code, modifier));
        if (i >= 0)
        {
            entry = _entries[i];
            return true;
        }

        entry = default;
        return false;
    }

    /// <summary>Looks up a row by the code and modifier as text (<c>"77321"</c>, <c>"26"</c>; an empty modifier is the global row).</summary>
    /// <returns><c>false</c> when the text is not a valid code or modifier, or the release has no such row.</returns>
    public bool TryGet(ReadOnlySpan<char> code, ReadOnlySpan<char> modifier, out RvuEntry entry)
    {
        if (HcpcsCode.TryParse(code, out var c) && Pricing.Modifier.TryParse(modifier, out var m))
        {
            return TryGet(c, m, out entry);
        }

        entry = default;
        return false;
    }

    /// <summary>Whether the release has any row for the code.</summary>
    public bool Contains(HcpcsCode code) => IndexOf(code, Modifier.None) >= 0 || !GetRows(code).IsEmpty; // most codes have a global row: the hash answers them

    /// <summary>All rows of one code (global, then 26, 53 and TC where present), in modifier order.</summary>
    public ReadOnlySpan<RvuEntry> GetRows(HcpcsCode code)
    {
        int lo = LowerBound(Key(code, Modifier.None));
        int hi = LowerBound(Key(code, Modifier.None) + (1L << 16));
        return _entries.AsSpan(lo, hi - lo);
    }

    private int LowerBound(long key)
    {
        int lo = 0, hi = _entries.Length;
        while (lo < hi)
        {
            int mid = (int)((uint)(lo + hi) >> 1);
            if (Key(_entries[mid].Hcpcs, _entries[mid].Modifier) < key)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    /// <summary>
    /// The short descriptor of a row, or <c>null</c> when the file carried none. The packaged default data leaves CPT
    /// and CDT descriptors out (AMA and ADA copyright); HCPCS Level II descriptors are kept.
    /// </summary>
    public string? GetDescription(in RvuEntry entry)
    {
        int i = _index.Find(Key(entry.Hcpcs, entry.Modifier));
        if ((uint)i >= (uint)(_descriptionOffsets.Length - 1))
        {
            return null;
        }

        int start = _descriptionOffsets[i], end = _descriptionOffsets[i + 1];
        if (end == start)
        {
            return null;
        }

        // CMS's files are ASCII but for the odd Windows-1252 byte (RVU26B's text file has a no-break space, 0xA0, in
        // A2044's descriptor): bytes that are not UTF-8 are read as Latin-1, never turned into U+FFFD.
        var bytes = _descriptionBytes.AsSpan(start, end - start);
        return System.Text.Unicode.Utf8.IsValid(bytes) ? Encoding.UTF8.GetString(bytes) : Encoding.Latin1.GetString(bytes);
    }
}
