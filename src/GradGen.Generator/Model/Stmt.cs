using GradGen.Generator.Helpers;

namespace GradGen.Generator.Model
{
    /// <summary>A statement of the IR.</summary>
    internal abstract record Stmt;

    /// <summary>A statement list; also a scope.</summary>
    internal sealed record Block(EquatableArray<Stmt> Statements) : Stmt
    {
        public static readonly Block Empty = new(EquatableArray<Stmt>.Empty);

        public static Block Of(params Stmt[] statements) => new(new EquatableArray<Stmt>(statements));
    }

    /// <summary>A local declaration, with an optional initial value.</summary>
    internal sealed record Declare(Variable Var, Expr? Init) : Stmt;

    /// <summary><c>target = value</c>; the target is a <see cref="VarRef"/> or an <see cref="ElementAccess"/>.</summary>
    internal sealed record Assign(Expr Target, Expr Value) : Stmt;

    internal sealed record If(Expr Condition, Block Then, Block Else) : Stmt;

    internal enum LoopForm : byte
    {
        /// <summary><c>for (Initializer; Condition; Increment) Body</c>.</summary>
        For,

        /// <summary><c>while (Condition) Body</c>.</summary>
        While,

        /// <summary><c>do Body while (Condition)</c>.</summary>
        DoWhile,
    }

    /// <summary>A loop. A missing condition means <c>true</c>.</summary>
    internal sealed record Loop(LoopForm Kind, Block Initializer, Expr? Condition, Block Body, Block Increment) : Stmt;

    internal sealed record Break : Stmt;

    internal sealed record Continue : Stmt;

    /// <summary>Returns (or, after control-flow structuring, sets) the method's result.</summary>
    internal sealed record Return(Expr? Value) : Stmt;

    /// <summary>Evaluates a call for its effect (a passive call whose result is discarded, such as
    /// <c>Debug.Assert</c>).</summary>
    internal sealed record Evaluate(Expr Value) : Stmt;

    /// <summary><c>throw new T(args)</c> with constant arguments.</summary>
    internal sealed record Throw(TypeName ExceptionType, EquatableArray<ConstantValue> Arguments) : Stmt;

    /// <summary>Generated code only: saves a value on a tape.</summary>
    internal sealed record TapePush(Variable Tape, Expr Value) : Stmt;

    /// <summary>Generated code only: makes room on a tape for <see cref="Count"/> pushes (before a loop of
    /// known trip count). Dead when nothing after it pushes on that tape.</summary>
    internal sealed record TapeReserve(Variable Tape, Expr Count) : Stmt;

    /// <summary>Generated code only: calls the method that differentiates <see cref="Call"/> in reverse mode
    /// (<see cref="Pullback"/>, chosen by the rules' callee protocol) with the call's arguments, the seed and the
    /// adjoints. <see cref="Adjoints"/> holds, per differentiable callee parameter, the adjoint to accumulate into;
    /// <see cref="Result"/>, when set, receives the value the pullback returns (the callee's value, so
    /// that one call serves both sweeps).</summary>
    internal sealed record PullbackCall(DiffCall Call, DerivativeMember Pullback, Expr Seed, EquatableArray<Expr> Adjoints, Expr? Result = null) : Stmt;

    /// <summary>Generated code only: <c>variable.Dispose()</c> for a tape or rented buffer.</summary>
    internal sealed record DisposeStmt(Variable Var) : Stmt;

    /// <summary>Generated code only: throws <c>ArgumentException</c> when <c>adjoint.Length &lt; primal.Length</c>;
    /// <see cref="IsTangent"/>: <see cref="Adjoint"/> is a pushforward's tangent, and the message says so.</summary>
    internal sealed record CheckLength(Variable Adjoint, Variable Primal, bool IsTangent = false, Variable? Row = null) : Stmt;

    /// <summary>Generated code only: returns the gradient (one value, or a tuple of several). <see cref="GroupSize"/> above zero:
    /// a tuple of tuples of that many values each (a vector-valued pushforward's value and tangent).</summary>
    internal sealed record ReturnValues(EquatableArray<Expr> Values, int GroupSize = 0) : Stmt;
}
