namespace GradGen.Benchmarks.Alternatives;

/// <summary>
/// What an operator-overloading AD library offers: a number type with arithmetic and the Math
/// functions the kernels use. The alternative kernels (<see cref="OverloadedKernels"/>) are written once
/// against this interface, the way a user of such a library writes a loss, and run with
/// <see cref="Dual"/> (forward mode) or <see cref="Var"/> (a runtime tape, reverse mode).
/// The JIT compiles a separate copy of each generic kernel per struct type, so there is no
/// interface dispatch in the timed code.
/// </summary>
public interface IAdScalar<T>
    where T : unmanaged, IAdScalar<T>
{
    /// <summary>The primal value.</summary>
    double Value { get; }

    /// <summary>A constant: no derivative flows into it.</summary>
    static abstract T Constant(double value);

    static abstract T operator +(T a, T b);
    static abstract T operator +(T a, double b);
    static abstract T operator +(double a, T b);
    static abstract T operator -(T a, T b);
    static abstract T operator -(T a, double b);
    static abstract T operator -(double a, T b);
    static abstract T operator -(T a);
    static abstract T operator *(T a, T b);
    static abstract T operator *(T a, double b);
    static abstract T operator *(double a, T b);
    static abstract T operator /(T a, T b);
    static abstract T operator /(T a, double b);

    static abstract T Exp(T x);
    static abstract T Log(T x);
    static abstract T Tanh(T x);
}
