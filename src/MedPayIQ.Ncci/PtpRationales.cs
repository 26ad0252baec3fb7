namespace MedPayIQ.Ncci;

/// <summary>
/// The PTP rationale texts of every table the process has loaded, each kept once and named by a small id, so a
/// <see cref="PtpEdit"/> holds a number instead of a reference: a probe writes its answer with no GC write barrier
/// (about a nanosecond of a 12-nanosecond probe). CMS's practitioner and hospital tables use about ten texts between
/// them, and a table at most <see cref="PtpTable.MaxRationales"/>. Ids are never reused; thread-safe.
/// </summary>
internal static class PtpRationales
{
    /// <summary>The most distinct texts a process keeps (an id is 16 bits).</summary>
    internal const int MaxTexts = ushort.MaxValue + 1;

    private static readonly Lock Gate = new();
    private static readonly Dictionary<string, ushort> Ids = new(StringComparer.Ordinal);
    private static string[] _texts = new string[16];

    /// <summary>The text of an id this class gave.</summary>
    public static string Text(ushort id) => Volatile.Read(ref _texts)[id];

    /// <summary>
    /// The ids of a table's rationale texts (in their order), each text kept once for the process; <c>null</c> when
    /// the process already keeps <see cref="MaxTexts"/> others (not a table of CMS's).
    /// </summary>
    public static ushort[]? Of(string[] texts)
    {
        var ids = new ushort[texts.Length];
        lock (Gate)
        {
            for (int i = 0; i < texts.Length; i++)
            {
                if (!Ids.TryGetValue(texts[i], out ids[i]))
                {
                    if (Ids.Count == MaxTexts)
                    {
                        return null;
                    }

                    ids[i] = (ushort)Ids.Count;
                    var all = _texts;
                    if (ids[i] == all.Length)
                    {
                        Array.Resize(ref all, Math.Min(all.Length * 2, MaxTexts));
                    }

                    all[ids[i]] = texts[i];
                    Ids.Add(texts[i], ids[i]);
                    Volatile.Write(ref _texts, all); // published before any edit names the id
                }
            }
        }

        return ids;
    }
}
