using System.Numerics;

namespace MedPayIQ.Ncci;

/// <summary>
/// One PTP row decoded: codes packed, dates as day numbers (no deletion: <see cref="DateOnly.MaxValue"/>'s), the
/// rationale an index into its chunk's texts. What a chunk's 8-byte values say, for the tests and the general reader.
/// </summary>
internal readonly record struct PtpRow(int Column1, int Column2, int Effective, int Deletion, PtpModifierIndicator Indicator, bool Prior, byte Rationale);

/// <summary>
/// The edits of a file slice (or of a table being joined), each packed into 8 bytes as a table's hash slot is
/// (<see cref="PtpTable.Pack"/>), but with ids of the chunk's own: a code's id is its index in <paramref name="Codes"/>
/// (in the order the codes were met), a date's in <paramref name="Days"/>, a rationale's in <paramref name="Rationales"/>.
/// The builder renumbers them into the table's ids in place: no 16-byte row of an edit is ever made.
/// </summary>
/// <param name="Values">The packed edits (the first <paramref name="Count"/>).</param>
/// <param name="Count">Edits.</param>
/// <param name="Codes">Packed codes, by the chunk's id.</param>
/// <param name="Days">Day numbers, by the chunk's id.</param>
/// <param name="Rationales">Rationale texts, by the chunk's id.</param>
internal sealed record PtpChunk(ulong[] Values, int Count, int[] Codes, int[] Days, string[] Rationales)
{
    /// <summary>The edits decoded, in order (tests compare them).</summary>
    public PtpRow[] Rows
    {
        get
        {
            var rows = new PtpRow[Count];
            for (int k = 0; k < Count; k++)
            {
                ulong v = Values[k];
                int ind = (int)((v >> 6) & 3);
                rows[k] = new PtpRow(Codes[(int)(v >> 48) - 1], Codes[(int)((v >> 32) & 0xFFFF) - 1], Days[(int)((v >> 20) & 0xFFF)], Days[(int)((v >> 8) & 0xFFF)],
                    ind == 2 ? PtpModifierIndicator.NotApplicable : (PtpModifierIndicator)ind, (v & (1UL << 5)) != 0, (byte)(v & 31));
            }

            return rows;
        }
    }
}

/// <summary>
/// Writes a slice's edits straight into their 8-byte values: each code and date gets the chunk's next id when first
/// met (a code through a small hash, in the cache; a slice's dates are few). Past the ids a table holds (65,534 codes,
/// 4,096 dates, 32 rationales) the table would be past them too: that is the table's error, said here.
/// </summary>
internal sealed class PtpChunkWriter
{
    private readonly string _file;
    private ulong[] _values;
    private int _count;
    private readonly CodeHashes _free;

    private long[] _codeSlots; // packed code << 16 | id + 1; 0 = empty
    private int[] _codes;
    private int _codeCount;
    private readonly List<int> _days = [];
    private int _lastDay = -1, _lastDayId;

    /// <summary>A writer for at most about <paramref name="capacity"/> edits (it grows past it), its code hash taken from <paramref name="free"/>.</summary>
    public PtpChunkWriter(int capacity, string file, CodeHashes free)
    {
        _values = GC.AllocateUninitializedArray<ulong>(Math.Max(16, capacity));
        _file = file;
        _free = free;
        (_codeSlots, _codes) = free.Take();
    }

    /// <summary>The chunk's id of a packed code (a new one when first met).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public int Code(int packed)
    {
        unchecked // a row's hot path: nothing here overflows
        {
            var slots = _codeSlots;
            int mask = slots.Length - 1;
            int i = (int)(((uint)packed * 0x9E3779B1u) >> (32 - BitOperations.Log2((uint)slots.Length)));
            long s;
            while ((s = slots[i]) != 0)
            {
                if ((int)(s >> 16) == packed)
                {
                    return (int)(s & 0xFFFF) - 1;
                }

                i = (i + 1) & mask;
            }

            return NewCode(packed, i);
        }
    }

    private int NewCode(int packed, int slot)
    {
        if (_codeCount == PtpTable.MaxCodes)
        {
            NcciThrow.File(_file, $"holds more than {PtpTable.MaxCodes:N0} distinct codes; one PTP table holds at most {PtpTable.MaxCodes:N0}");
        }

        int id = _codeCount++;
        if (id == _codes.Length)
        {
            Array.Resize(ref _codes, _codes.Length * 2);
        }

        _codes[id] = packed;
        _codeSlots[slot] = ((long)packed << 16) | (uint)(id + 1);
        if (_codeCount * 2 > _codeSlots.Length)
        {
            var old = _codeSlots;
            _codeSlots = new long[old.Length * 2];
            int mask = _codeSlots.Length - 1, shift = 32 - BitOperations.Log2((uint)_codeSlots.Length);
            foreach (long s in old)
            {
                if (s != 0)
                {
                    int i = (int)(unchecked((uint)(s >> 16) * 0x9E3779B1u) >> shift);
                    while (_codeSlots[i] != 0)
                    {
                        i = (i + 1) & mask;
                    }

                    _codeSlots[i] = s;
                }
            }
        }

        return id;
    }

    /// <summary>The chunk's id of a day number (a new one when first met).</summary>
    public int Day(int day)
    {
        if (day == _lastDay)
        {
            return _lastDayId;
        }

        int id = _days.IndexOf(day);
        if (id < 0)
        {
            if (_days.Count == PtpTable.MaxDates)
            {
                NcciThrow.File(_file, $"holds more than {PtpTable.MaxDates:N0} distinct dates; one PTP table holds at most {PtpTable.MaxDates:N0}");
            }

            id = _days.Count;
            _days.Add(day);
        }

        _lastDay = day;
        return _lastDayId = id;
    }

    /// <summary>Adds an edit of the chunk's ids.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public void Add(int id1, int id2, int effectiveId, int deletionId, PtpModifierIndicator indicator, bool prior, int rationale)
    {
        if (rationale >= PtpTable.MaxRationales)
        {
            NcciThrow.File(_file, $"holds more than {PtpTable.MaxRationales:N0} distinct rationales; one PTP table holds at most {PtpTable.MaxRationales:N0}");
        }

        if (_count == _values.Length)
        {
            Array.Resize(ref _values, _values.Length * 2);
        }

        _values[_count++] = PtpTable.Pack(id1, id2, effectiveId, deletionId, indicator, prior, rationale);
    }

    /// <summary>The chunk written; the code hash is emptied (its used slots only) and given back for the load's next writer.</summary>
    public PtpChunk ToChunk(string[] rationales)
    {
        var chunk = new PtpChunk(_values, _count, _codes[.._codeCount], [.. _days], rationales);
        int mask = _codeSlots.Length - 1, shift = 32 - BitOperations.Log2((uint)_codeSlots.Length);
        for (int id = 0; id < _codeCount; id++)
        {
            int i = (int)(unchecked((uint)_codes[id] * 0x9E3779B1u) >> shift);
            while ((int)(_codeSlots[i] >> 16) != _codes[id])
            {
                i = (i + 1) & mask;
            }

            _codeSlots[i] = 0; // every code is still found past slots cleared before it: the search stops at its key, not at an empty slot
        }

        _free.Return(_codeSlots, _codes);
        return chunk;
    }
}

/// <summary>
/// The code hashes of one load's chunk writers, emptied and reused from chunk to chunk (a block of CMS's has a few
/// thousand codes: a hash grows to them once), and dropped with the load: nothing of them outlives it.
/// </summary>
internal sealed class CodeHashes
{
    private readonly LoadPool<(long[] Slots, int[] Codes)> _free = new();

    /// <summary>An empty code hash and list: one given back, or new.</summary>
    public (long[] Slots, int[] Codes) Take() => _free.TryTake(out var free) ? free : (new long[4096], new int[1024]);

    /// <summary>Gives back a code hash emptied (every slot 0) and its list.</summary>
    public void Return(long[] slots, int[] codes) => _free.Add((slots, codes));
}
