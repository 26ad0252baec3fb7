using MedPayIQ.Pricing;

namespace MedPayIQ.Ncci;

/// <summary>A PTP file streamed: read in blocks, each hashed as read and parsed on a core.</summary>
internal static partial class NcciReaders
{
    /// <summary>
    /// Bytes read from a PTP file at a time (whole lines of it go to a core each): 4 MB, as a file read whole is sliced.
    /// Fewer, longer chunks than 1 MB blocks gave the build fewer code lists to unite and renumber (the derived 2.14M-edit
    /// table: 38 chunks, not 151), for about 5-10% less CPU a load; a few blocks are in memory at once.
    /// </summary>
    internal const int StreamBlockBytes = SliceBytes;

    /// <summary>
    /// The edits of a PTP file read from a stream in blocks, never whole: each block (cut after its last line end) is
    /// parsed on a core and hashed (in file order, one block after the other) on a core while the next is read, so the
    /// SHA-256 is not on the reading thread's path; at most a few blocks are in memory at once. An error is
    /// the one of the earliest block, with the line counted in the whole file. The hash of the last blocks may still be
    /// running when the chunks are returned: the table is built meanwhile.
    /// </summary>
    /// <param name="stream">The file, read from its position to its end.</param>
    /// <param name="file">Its name, for messages.</param>
    /// <param name="values">Whether messages quote the offending text.</param>
    /// <param name="reader">The bounded reader whose limit the file must keep.</param>
    /// <param name="blockBytes">Bytes a block reads (tests use small blocks).</param>
    /// <returns>The chunks in file order, the file's SHA-256 (lowercase hex, when its last blocks are hashed) and its length.</returns>
    public static (List<PtpChunk> Chunks, Task<string> Sha256, long Length) PtpStream(Stream stream, string file, bool values, CmsFileReader reader, int blockBytes = StreamBlockBytes)
    {
        var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        var pool = new BlockPool(blockBytes + (64 << 10)); // the load's own: nothing of it stays alive after the load
        var codeHashes = new CodeHashes(); // the same
        var blocks = new List<Task<PtpChunk>>();
        var done = new List<Task>(); // a block parsed and hashed
        Task hashed = Task.CompletedTask; // the blocks are hashed in file order, one after the other, on any core
        int inFlight = Environment.ProcessorCount + 2, oldest = 0;
        byte[] carry = [];
        int carried = 0;
        long total = 0, lines = 0;
        var chunks = new List<PtpChunk>();
        try
        {
            while (true)
            {
                var buffer = pool.Rent(carried + blockBytes);
                carry.AsSpan(0, carried).CopyTo(buffer);
                int read = stream.ReadAtLeast(buffer.AsSpan(carried, blockBytes), blockBytes, throwOnEndOfStream: false);
                total += read;
                reader.EnsureWithinLimit(file, total);
                if (total == read && IsUtf16(buffer.AsSpan(0, read)))
                {
                    // UTF-16 (rare: a file saved as "Unicode" text) is transcoded whole, as a file read in memory is.
                    var rest = reader.ReadAll(stream, file);
                    reader.EnsureWithinLimit(file, total + rest.Length);
                    byte[] all = [.. buffer.AsSpan(0, read), .. rest];
                    pool.Return(buffer);
                    hash.Dispose(); // nothing of the stream hashed yet
                    return (Ptp(all, file, values), Task.FromResult(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(all))), all.Length);
                }

                bool end = read < blockBytes;
                int length = carried + read;
                if (length == 0)
                {
                    pool.Return(buffer);
                    break;
                }

                int cut = end ? length : buffer.AsSpan(0, length).LastIndexOf((byte)'\n') + 1;
                if (blocks.Count == 0 && !end && length < SliceBytes && !HasPtpHeader(buffer.AsSpan(0, cut)))
                {
                    cut = 0; // the first block holds the header (it is looked for in the first slice only)
                }

                if (cut == 0) // no line end yet: a line longer than a block, or the header not yet whole
                {
                    hashed.Wait();
                    hash.AppendData(buffer, carried, read);
                    carry = buffer.AsSpan(0, length).ToArray();
                    carried = length;
                    pool.Return(buffer);
                    continue;
                }

                int from = carried;
                carried = length - cut;
                if (carry.Length < carried)
                {
                    carry = new byte[Math.Max(carried, 4096)];
                }

                buffer.AsSpan(cut, carried).CopyTo(carry);
                long before = lines;
                int lineEnds = buffer.AsSpan(0, cut).Count((byte)'\n');
                lines += lineEnds;
                var block = buffer;
                int users = 2; // the parse and the hash: the block goes back to the pool after both
                void Release()
                {
                    if (Interlocked.Decrement(ref users) == 0)
                    {
                        pool.Return(block);
                    }
                }

                var parsed = Task.Run(() =>
                {
                    try
                    {
                        return PtpSlice(block.AsMemory(0, cut), before, file, values, lineEnds, codeHashes);
                    }
                    finally
                    {
                        Release();
                    }
                });
                hashed = hashed.ContinueWith(
                    _ =>
                    {
                        hash.AppendData(block, from, read);
                        Release();
                    },
                    CancellationToken.None,
                    TaskContinuationOptions.None,
                    TaskScheduler.Default);
                blocks.Add(parsed);
                done.Add(Task.WhenAll(parsed, hashed));
                while (oldest < blocks.Count && (blocks.Count - oldest >= inFlight || done[oldest].IsCompleted))
                {
                    try
                    {
                        done[oldest].Wait();
                    }
                    catch (AggregateException)
                    {
                        end = true; // a bad block: the rest need not be read (its error is thrown below, in file order)
                        break;
                    }

                    oldest++;
                }

                if (end)
                {
                    break;
                }
            }

            foreach (var block in blocks)
            {
                chunks.Add(block.GetAwaiter().GetResult()); // the earliest block's error first
            }

            if (total == 0)
            {
                NcciThrow.File(file, "is empty");
            }

            RequireRows(chunks.Sum(c => c.Count), file, "PTP edits");
        }
        catch
        {
            hashed.Wait(); // nothing hashes after the hash is disposed
            hash.Dispose();
            throw;
        }

        var sha = hashed.ContinueWith(
            _ =>
            {
                using (hash)
                {
                    return Convert.ToHexStringLower(hash.GetHashAndReset());
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        return (chunks, sha, total);
    }

    /// <summary>
    /// The blocks of one streamed load: a few buffers reused from block to block and dropped with the load (the shared
    /// pool would keep megabytes of them alive for the life of the process, beside a table of 31 MB).
    /// </summary>
    private sealed class BlockPool(int size)
    {
        private readonly LoadPool<byte[]> _free = new();

        public byte[] Rent(int length)
            => length <= size && _free.TryTake(out var buffer) ? buffer : GC.AllocateUninitializedArray<byte>(Math.Max(length, size));

        public void Return(byte[] buffer)
        {
            if (buffer.Length == size)
            {
                _free.Add(buffer);
            }
        }
    }
}
