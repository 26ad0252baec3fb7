using System.IO.MemoryMappedFiles;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MedPayIQ.Ncci;

/// <summary>
/// The memory of one of a PTP table's large arrays, read without copying: an array of the table's own on the pinned
/// heap (a table built from CMS's files), or a part of a snapshot file mapped into memory (a table opened from a
/// snapshot: only the pages a probe touches are ever read in, and the operating system shares them between processes).
/// Either way the table reads it through one pointer. Reads never leave it: every index is bounded by
/// <see cref="Length"/> where it is computed.
/// </summary>
/// <typeparam name="T">An element.</typeparam>
internal sealed unsafe class TableMemory<T>
    where T : unmanaged
{
    private readonly T* _items;
    private readonly object _owner; // the pinned array, or the mapped view: alive as long as this is

    /// <summary>A zeroed array of the table's own, pinned (it is large: on the large-object heap it would not move either).</summary>
    public TableMemory(int length)
    {
        var array = GC.AllocateArray<T>(length, pinned: true);
        _items = (T*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(array));
        _owner = array;
        Length = length;
    }

    /// <summary>Items at <paramref name="offset"/> bytes into a mapped view (which this keeps alive).</summary>
    public TableMemory(MappedFile file, long offset, int length)
    {
        _items = (T*)(file.Pointer + offset);
        _owner = file;
        Length = length;
    }

    /// <summary>The items.</summary>
    public int Length { get; }

    /// <summary>The items (a mapped view is read-only: only a table's own array is written, by the builder).</summary>
    public Span<T> Span => new(_items, Length);

    /// <summary>Keeps the memory mapped (or the array alive) until a read through <see cref="Span"/> is done.</summary>
    public void KeepAlive() => GC.KeepAlive(_owner);
}

/// <summary>A snapshot file mapped read-only into memory, unmapped when no table reads it any more.</summary>
internal sealed unsafe class MappedFile
{
    private readonly MemoryMappedViewAccessor _view; // its handle unmaps the view when it is collected

    /// <summary>Maps the whole file the stream has open (the stream may be closed afterwards).</summary>
    public MappedFile(FileStream stream)
    {
        using var file = MemoryMappedFile.CreateFromFile(stream, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: true);
        _view = file.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
        Pointer = (byte*)_view.SafeMemoryMappedViewHandle.DangerousGetHandle() + _view.PointerOffset;
    }

    /// <summary>The file's first byte.</summary>
    public byte* Pointer { get; }

    /// <summary>The bytes mapped.</summary>
    public long Length => _view.Capacity;
}
