using System.Runtime.CompilerServices;

namespace GradGen.Benchmarks.Alternatives;

/// <summary>
/// A runtime tape (Wengert list) for reverse mode, the way AutoDiff-style libraries and TorchSharp's
/// autograd work: every operation on a <see cref="Var"/> records a node (its parents and the local
/// partial derivatives) while the function runs; <see cref="Backward"/> then sweeps the recorded list
/// once in reverse. A new tape is started for every gradient evaluation (<see cref="Begin"/>), as
/// those libraries build a new graph per forward pass.
/// </summary>
/// <remarks>
/// This is the lean version of the idea: nodes are structs in one growable array (one allocation per
/// doubling, not one object per operation as in class-per-node graphs such as AutoDiff's terms or
/// TorchSharp's tensors), and the current tape is found through a thread-static, as autograd's grad
/// mode is. Its costs are the ones every runtime tape has: a store per operation, the graph in memory,
/// an indirect reverse sweep, and allocation that grows with the number of operations.
/// </remarks>
public sealed class Tape
{
    [ThreadStatic]
    private static Tape? s_current;

    private Node[] _nodes;
    private int _count;

    private Tape(int capacity) => _nodes = new Node[Math.Max(capacity, 4)];

    /// <summary>The number of recorded nodes.</summary>
    public int Count => _count;

    internal static Tape Current
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => s_current ?? throw new InvalidOperationException("No tape: call Tape.Begin() first.");
    }

    /// <summary>Starts a new, empty tape and makes it the current one.</summary>
    public static Tape Begin(int initialCapacity = 64)
    {
        var tape = new Tape(initialCapacity);
        s_current = tape;
        return tape;
    }

    /// <summary>An independent variable (a leaf of the graph).</summary>
    public Var Variable(double value) => new(value, Record(-1, 0, -1, 0));

    /// <summary>A new array of independent variables, one per value.</summary>
    public Var[] Variables(ReadOnlySpan<double> values)
    {
        var result = new Var[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            result[i] = Variable(values[i]);
        }
        return result;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal int Record(int a, double da, int b, double db)
    {
        Node[] nodes = _nodes;
        int count = _count;
        if ((uint)count >= (uint)nodes.Length)
        {
            nodes = Grow();
        }
        nodes[count] = new Node(a, da, b, db);
        _count = count + 1;
        return count;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private Node[] Grow()
    {
        Array.Resize(ref _nodes, _nodes.Length * 2);
        return _nodes;
    }

    /// <summary>
    /// The reverse sweep: the adjoint of every recorded node (a new array, indexed by
    /// <see cref="Var.Index"/>) for the output <paramref name="output"/>.
    /// </summary>
    public double[] Backward(Var output)
    {
        var adjoints = new double[_count];
        if (output.Index < 0)
        {
            return adjoints;
        }

        adjoints[output.Index] = 1;
        Node[] nodes = _nodes;
        for (int i = output.Index; i >= 0; i--)
        {
            double g = adjoints[i];
            if (g == 0)
            {
                continue;
            }

            ref readonly Node node = ref nodes[i];
            if (node.A >= 0)
            {
                adjoints[node.A] += node.DA * g;
            }
            if (node.B >= 0)
            {
                adjoints[node.B] += node.DB * g;
            }
        }
        return adjoints;
    }

    private readonly struct Node(int a, double da, int b, double db)
    {
        public readonly int A = a;
        public readonly int B = b;
        public readonly double DA = da;
        public readonly double DB = db;
    }
}

/// <summary>
/// A value recorded on the current <see cref="Tape"/>: its value and the index of its node
/// (-1 for a constant, which records nothing).
/// </summary>
public readonly struct Var : IAdScalar<Var>
{
    public readonly double V;
    public readonly int Index;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Var(double value, int index)
    {
        V = value;
        Index = index;
    }

    public double Value => V;

    public static Var Constant(double value) => new(value, -1);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Var Unary(Var a, double value, double da) =>
        a.Index < 0 ? new(value, -1) : new(value, Tape.Current.Record(a.Index, da, -1, 0));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Var Binary(Var a, Var b, double value, double da, double db) =>
        (a.Index & b.Index) < 0 // both constants
            ? new(value, -1)
            : new(value, Tape.Current.Record(a.Index, da, b.Index, db));

    public static Var operator +(Var a, Var b) => Binary(a, b, a.V + b.V, 1, 1);
    public static Var operator +(Var a, double b) => Unary(a, a.V + b, 1);
    public static Var operator +(double a, Var b) => Unary(b, a + b.V, 1);
    public static Var operator -(Var a, Var b) => Binary(a, b, a.V - b.V, 1, -1);
    public static Var operator -(Var a, double b) => Unary(a, a.V - b, 1);
    public static Var operator -(double a, Var b) => Unary(b, a - b.V, -1);
    public static Var operator -(Var a) => Unary(a, -a.V, -1);
    public static Var operator *(Var a, Var b) => Binary(a, b, a.V * b.V, b.V, a.V);
    public static Var operator *(Var a, double b) => Unary(a, a.V * b, b);
    public static Var operator *(double a, Var b) => Unary(b, a * b.V, a);

    public static Var operator /(Var a, Var b)
    {
        double v = a.V / b.V;
        return Binary(a, b, v, 1 / b.V, -v / b.V);
    }

    public static Var operator /(Var a, double b) => Unary(a, a.V / b, 1 / b);

    public static Var Exp(Var x)
    {
        double e = Math.Exp(x.V);
        return Unary(x, e, e);
    }

    public static Var Log(Var x) => Unary(x, Math.Log(x.V), 1 / x.V);

    public static Var Tanh(Var x)
    {
        double t = Math.Tanh(x.V);
        return Unary(x, t, 1 - t * t);
    }
}
