using System.Numerics;
using System.Runtime.InteropServices;

namespace MedPayIQ.Ncci;

/// <summary>The dates of a PTP slice, each parsed once.</summary>
internal static partial class NcciReaders
{
    /// <summary>
    /// The day numbers of a slice's yyyymmdd dates by their 8 bytes: each distinct date is parsed and checked once
    /// (a slice has a few dates; rows whose dates change from one to the next, as the synthetic set's, parse none).
    /// </summary>
    private sealed class DayCache
    {
        private ulong[] _keys = new ulong[64]; // a date's 8 bytes (never 0: they are digits); 0 = empty
        private int[] _days = new int[64];
        private int _count;

        /// <summary>The day number of a date's 8 bytes; <c>false</c> when they are not a valid yyyymmdd date.</summary>
        public bool TryGet(ulong bytes, out int day)
        {
            unchecked // a hash: nothing here overflows
            {
                int mask = _keys.Length - 1, shift = 64 - BitOperations.Log2((uint)_keys.Length);
                int i = (int)((bytes * 0x9E3779B97F4A7C15UL) >> shift);
                ulong key;
                while ((key = _keys[i]) != 0)
                {
                    if (key == bytes)
                    {
                        day = _days[i];
                        return true;
                    }

                    i = (i + 1) & mask;
                }

                if (!TryDate(MemoryMarshal.AsBytes(new ReadOnlySpan<ulong>(in bytes)), out var date))
                {
                    day = 0;
                    return false;
                }

                day = date.DayNumber;
                _keys[i] = bytes;
                _days[i] = day;
                if (++_count * 2 > _keys.Length)
                {
                    Grow();
                }

                return true;
            }
        }

        private void Grow()
        {
            unchecked
            {
                var (keys, days) = (_keys, _days);
                _keys = new ulong[keys.Length * 2];
                _days = new int[keys.Length * 2];
                int mask = _keys.Length - 1, shift = 64 - BitOperations.Log2((uint)_keys.Length);
                for (int k = 0; k < keys.Length; k++)
                {
                    if (keys[k] != 0)
                    {
                        int i = (int)((keys[k] * 0x9E3779B97F4A7C15UL) >> shift);
                        while (_keys[i] != 0)
                        {
                            i = (i + 1) & mask;
                        }

                        _keys[i] = keys[k];
                        _days[i] = days[k];
                    }
                }
            }
        }
    }
}
