using System.Buffers;
using System.Runtime.CompilerServices;

namespace MedPayIQ.Pricing;

/// <summary>
/// The scratch arrays of a load: a small one from the shared pool; a large one (a whole CMS file, a release's row keys
/// and descriptors) allocated for the load alone and left to the collector. The shared pool keeps what it is given in
/// per-thread and per-core caches: a service that loads a release every few seconds on thread-pool threads kept one
/// multi-megabyte file buffer per thread that had loaded (measured: the managed heap after a full collection grew by
/// 9.5 MB over the first 50 swaps of RVU25D, then stayed), for loads that happen once a quarter in production.
/// </summary>
internal static class LoadBuffer
{
    /// <summary>The largest array taken from (and given back to) the shared pool.</summary>
    internal const int PooledBytes = 64 * 1024;

    public static T[] Rent<T>(int length) where T : unmanaged
        => (long)length * Unsafe.SizeOf<T>() <= PooledBytes ? ArrayPool<T>.Shared.Rent(length) : GC.AllocateUninitializedArray<T>(length);

    /// <summary>Gives a small array back to the pool; a large one (not from the pool) is left to the collector.</summary>
    public static void Return<T>(T[] array) where T : unmanaged
    {
        if ((long)array.Length * Unsafe.SizeOf<T>() <= PooledBytes)
        {
            ArrayPool<T>.Shared.Return(array);
        }
    }
}
