namespace MedPayIQ.X12;

/// <summary>
/// Reads the professional claims of 837P files (005010X222A1), streaming: segments are read one at a time from a
/// fixed buffer, and a transaction set's claims are returned once its SE has checked, so memory holds one transaction
/// whatever the file's size. Delimiters come from each ISA. Envelopes (ISA/IEA, GS/GE, ST/SE) are checked: control
/// numbers and counts. A transaction with an error is skipped whole and the others are read:
/// <see cref="Transactions"/> says which were read and which were not, with the first error of each.
/// </summary>
/// <example>
/// <code>
/// using var text = File.OpenText("claims.837");
/// var reader = new ProfessionalClaimReader(text, "claims.837");
/// foreach (var claim in reader.ReadClaims()) Console.WriteLine($"{claim.ClaimId}: {claim.ServiceLines.Length} lines");
/// foreach (var t in reader.Transactions.Where(t => !t.Read)) Console.WriteLine(t.Error);
/// </code>
/// </example>
public sealed partial class ProfessionalClaimReader : IX12TransactionBody
{
    private static readonly X12Guide Guide = new(
        "837", "a health care claim", "HC", "a group of health care claims (837)", "005010X222A1", "the 837 professional implementation guide", "claim (CLM)");

    private readonly EnvelopeReader _envelopes;
    private readonly X12ReadOptions _options;
    private readonly List<ProfessionalClaim> _pending = [], _ready = [];
    private bool _started;

    /// <summary>Creates a reader of a text of 837P interchanges.</summary>
    /// <param name="input">The text; read forward once.</param>
    /// <param name="source">The file name, for messages.</param>
    /// <param name="options">Anesthesia base units, sequestration, deductible (default: sequestration applied, deductible met).</param>
    public ProfessionalClaimReader(TextReader input, string source, X12ReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(source);
        _envelopes = new EnvelopeReader(input, source, Guide, this);
        _options = options ?? new X12ReadOptions();
    }

    /// <summary>Each transaction set met so far, in file order: read, or not and why.</summary>
    public IReadOnlyList<X12TransactionResult> Transactions => _envelopes.Transactions;

    /// <summary>
    /// Every error met so far: those of the transactions not read, and those of the envelopes around them (GE and IEA
    /// counts and control numbers, a file that ends before IEA), which do not unread the transactions.
    /// </summary>
    public IReadOnlyList<X12Error> Errors => _envelopes.Errors;

    /// <summary>Each segment read whole, before it is interpreted (the repriced 837P copies them).</summary>
    internal SegmentSink? Sink
    {
        get => _envelopes.Sink;
        set => _envelopes.Sink = value;
    }

    /// <summary>Whether a text starts as an X12 interchange: "ISA" after any byte order mark and white space.</summary>
    public static bool IsInterchange(ReadOnlySpan<char> start)
    {
        var s = start.TrimStart('\uFEFF').TrimStart();
        return s.Length >= 4 && s.StartsWith("ISA", StringComparison.Ordinal) && !char.IsAsciiLetterOrDigit(s[3]);
    }

    /// <summary>
    /// The claims of the transactions that read without error, in file order, as each transaction's SE is read. One
    /// enumeration per reader.
    /// </summary>
    /// <exception cref="X12FormatException">The text is not an X12 interchange (no ISA, or delimiters that cannot be read from it).</exception>
    public IEnumerable<ProfessionalClaim> ReadClaims()
    {
        if (_started)
        {
            throw new InvalidOperationException("A reader is enumerated once.");
        }

        _started = true;
        return Read();
    }

    private IEnumerable<ProfessionalClaim> Read()
    {
        bool more;
        do
        {
            more = _envelopes.Step();
            if (_ready.Count > 0)
            {
                foreach (var claim in _ready)
                {
                    yield return claim;
                }

                _ready.Clear();
            }
        }
        while (more);
    }

    // ---- the transaction body

    void IX12TransactionBody.Begin() => ResetLoops();

    void IX12TransactionBody.Segment(in Segment segment) => Body(segment);

    void IX12TransactionBody.End(ReadOnlySpan<char> text) => FinishClaim("SE", text);

    int IX12TransactionBody.Pending => _pending.Count;

    bool IX12TransactionBody.IsEmpty => _pending.Count == 0;

    void IX12TransactionBody.Release() => _ready.AddRange(_pending);

    void IX12TransactionBody.Clear() => _pending.Clear();

    private Delimiters Delimiters => _envelopes.Delimiters;

    private void Fail(string id, string element, ReadOnlySpan<char> found, string expected) => _envelopes.Fail(id, element, found, expected);

    private static bool Number(ReadOnlySpan<char> text, out int value) => EnvelopeReader.Number(text, out value);
}
