using System.Text;
using MedPayIQ.Cli.Reprice;

namespace MedPayIQ.Cli;

/// <summary>The claim files the tool reads: the grouping of a CSV file's rows into claims and batches.</summary>
internal static partial class ClaimFileReader
{
    /// <summary>
    /// Groups the rows of a claim file into claims (consecutive rows with the same claim_id) and the claims into
    /// batches, and finds the errors of a row's place: an empty claim_id (the row stays with the claim it is in), a
    /// claim whose rows come back after another claim's, a claim's 1,000th row.
    /// </summary>
    internal sealed class ClaimGrouper(string file, int claimsPerBatch, Func<RowBatch> next)
    {
        private readonly ClaimIdSet _seen = new(); // the claims done: one coming back is an error
        private ClaimIdSet.Place _place; // where the current claim's id goes in _seen when it is done
        private readonly ClaimIds _ids = new();
        private int _claimRows;
        private bool _notConsecutive;
        private int _lookFor = -1; // the hash of a claim id just begun, looked up at the end of its first row (-1: none)
        private long _line;
        private string? _error;

        /// <summary>The batch rows are added to.</summary>
        public RowBatch Batch { get; private set; } = next();

        /// <summary>
        /// Starts a row (its claim_id as read, its line, the error found so far); returns the batch it fills when the
        /// row starts a claim that goes in a new batch. The row's fields go in <see cref="Batch"/>, then <see cref="EndRow"/>.
        /// </summary>
        public RowBatch? BeginRow(ReadOnlySpan<byte> rawId, long line, string? error)
        {
            RowBatch? full = null;
            string? previous = _ids.Current;
            string? id = _ids.Next(rawId, out bool empty);
            if (empty)
            {
                error ??= $"{file} line {line}: claim_id is empty.";
            }

            if (id is not null)
            {
                if (previous is { Length: > 0 })
                {
                    _seen.Add(previous, _place);
                }

                if (Batch.Claims >= claimsPerBatch || Batch.Bytes >= 1 << 20)
                {
                    full = Batch;
                    Batch = next();
                }

                Batch.StartClaim(id);
                _claimRows = 0;
                _notConsecutive = false;
                _lookFor = _seen.Prefetch(id); // looked up once the row's fields are copied: its slot is in cache by then
            }

            string claimId = _ids.Current!;
            if (_notConsecutive)
            {
                error ??= NotConsecutive(line, claimId);
            }

            if (++_claimRows > MaxLinesPerClaim)
            {
                error ??= $"{file} line {line}: claim {Shorten(claimId)} has more than {MaxLinesPerClaim} lines (the rows of one claim must be together).";
            }

            _line = line;
            _error = error;
            return full;
        }

        /// <summary>
        /// Sizes the set of finished claims for a file of <paramref name="fileBytes"/> bytes from a full batch's bytes a
        /// claim (its fields' bytes: a little less than its rows', so the estimate is high).
        /// </summary>
        public void Expect(RowBatch full, long fileBytes)
        {
            if (full.Claims > 0 && full.Bytes > 0)
            {
                _seen.EnsureCapacity((int)Math.Min(fileBytes / Math.Max(full.Bytes / full.Claims, 1), int.MaxValue));
            }
        }

        /// <summary>Ends the row begun (its fields added to <see cref="Batch"/>).</summary>
        public void EndRow()
        {
            if (_lookFor >= 0)
            {
                // The claim's first row: whether its id was finished before (a claim's first row cannot be its 1,000th,
                // so this error comes where BeginRow would have put it).
                string id = _ids.Current!;
                _notConsecutive = _seen.Contains(id, _lookFor, out _place);
                _lookFor = -1;
                if (_notConsecutive)
                {
                    _error ??= NotConsecutive(_line, id);
                }
            }

            Batch.EndRow(_line, _error);
        }

        private string NotConsecutive(long line, string claimId)
            => $"{file} line {line}: claim {Shorten(claimId)} has rows earlier in the file, before another claim's; the rows of one claim must be consecutive.";

        /// <summary>The claim id of each row, compared as read (decoded only when the bytes change).</summary>
        private sealed class ClaimIds
        {
            private byte[] _raw = new byte[64];
            private int _length;

            /// <summary>The current claim's id (empty when the file's first rows have none), null before the first row.</summary>
            public string? Current { get; private set; }

            /// <summary>The id of the claim a row starts, or null when the row continues the current claim (or has no id: <paramref name="empty"/>).</summary>
            public string? Next(ReadOnlySpan<byte> raw, out bool empty)
            {
                empty = false;
                if (Current is { Length: > 0 } && raw.SequenceEqual(_raw.AsSpan(0, _length)))
                {
                    return null;
                }

                string id = Encoding.UTF8.GetString(raw).Trim();
                if (id.Length == 0)
                {
                    empty = true;
                    if (Current is not null)
                    {
                        return null;
                    }
                }
                else if (id == Current)
                {
                    return null;
                }

                if (raw.Length > _raw.Length)
                {
                    _raw = new byte[raw.Length];
                }

                raw.CopyTo(_raw);
                _length = raw.Length;
                Current = id;
                return id;
            }
        }
    }
}
