namespace GradGen.Numerics.Tests.Loops;

/// <summary>
/// How the differentiable parameters of a function with array or span parameters map onto the flat vector of a case:
/// the parameters in declaration order, each array expanded to its elements, each scalar one coordinate. Cases use it
/// to cut a flat point into the arguments, to hand out the matching slices of a flat adjoint vector to the pullback
/// (a <c>Span</c> for an array, a <c>ref</c> for a scalar), and to flatten a gradient tuple.
/// </summary>
internal sealed class Layout
{
    private readonly (string Name, int Length, bool IsArray)[] _parts;
    private readonly int[] _offsets;

    /// <summary>Parts are (name, length): a length of 0 is a scalar, any other an array of that length.</summary>
    public Layout(params (string Name, int Length)[] parts)
    {
        _parts = parts.Select(p => (p.Name, Math.Max(p.Length, 1), p.Length > 0)).ToArray();
        _offsets = new int[parts.Length];
        for (int i = 1; i < parts.Length; i++)
        {
            _offsets[i] = _offsets[i - 1] + _parts[i - 1].Length;
        }

        Names = _parts.SelectMany(p => p.IsArray
            ? Enumerable.Range(0, p.Length).Select(i => $"{p.Name}[{i}]")
            : [p.Name]).ToArray();
    }

    /// <summary>The names of the flat coordinates, for messages: <c>w[0]</c>, ..., <c>b</c>.</summary>
    public string[] Names { get; }

    public int Length => Names.Length;

    /// <summary>A copy of part <paramref name="part"/> of the flat vector <paramref name="flat"/> (a new array).</summary>
    public T[] Array<T>(T[] flat, int part) => flat.AsSpan(_offsets[part], _parts[part].Length).ToArray();

    /// <summary>The slice of <paramref name="flat"/> that holds part <paramref name="part"/>: for adjoints.</summary>
    public Span<T> Span<T>(T[] flat, int part) => flat.AsSpan(_offsets[part], _parts[part].Length);

    /// <summary>The coordinate of scalar part <paramref name="part"/>.</summary>
    public ref T Scalar<T>(T[] flat, int part) => ref flat[_offsets[part]];

    /// <summary>Checks that a point has this layout's length (a mistake in a case, not in the generator).</summary>
    public T[] Check<T>(T[] flat) =>
        flat.Length == Length ? flat : throw new ArgumentException($"expected {Length} coordinates, got {flat.Length}");

    /// <summary>Flattens gradient parts, in order: arrays as they are, scalars as one-element arrays.</summary>
    public static T[] Join<T>(params T[][] parts) => parts.SelectMany(p => p).ToArray();

    public static double[] Widen(float[] v) => v.Select(f => (double)f).ToArray();
}
