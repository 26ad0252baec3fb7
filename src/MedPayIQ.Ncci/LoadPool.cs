namespace MedPayIQ.Ncci;

/// <summary>
/// Things one load reuses (its file's blocks, its chunk writers' code hashes), given back from any thread and dropped
/// with the load: a stack under a lock, taken a few times a 4 MB block. Not a <c>ConcurrentBag</c>, whose thread-local
/// lists kept what was given back reachable from the threads until the bag's finalizer ran (a streamed load's memory
/// test counted a 4 MB block in about one run of eight).
/// </summary>
/// <typeparam name="T">What is reused.</typeparam>
internal sealed class LoadPool<T>
{
    private readonly Stack<T> _free = new();

    /// <summary>One given back, if any.</summary>
    public bool TryTake(out T item)
    {
        lock (_free)
        {
            return _free.TryPop(out item!);
        }
    }

    /// <summary>Gives one back.</summary>
    public void Add(T item)
    {
        lock (_free)
        {
            _free.Push(item);
        }
    }
}
