using GradGen.Generator.Differentiation.Reverse;
using GradGen.Generator.Differentiation.Reverse.Analyses;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;

namespace GradGen.Tests.Passes;

/// <summary>
/// The reverse-mode analyses one by one, on trees built by hand: each takes the results before it and returns
/// its own, without Roslyn and without the sweeps. A statement's adjoint code is stood in for by what the
/// analyses read of it: the variables it reads before and after the statement.
/// </summary>
public class ReverseAnalysesTests
{
    private static readonly TypeRef Real = TypeRef.Double;
    private static readonly TypeRef Array = TypeRef.Double.WithShape(Shape.Array);

    private static readonly Variable X = new(0, "x", Real, VariableKind.Parameter);
    private static readonly Variable W = new(1, "w", Real, VariableKind.Parameter);
    private static readonly Variable A = new(2, "a", Array, VariableKind.Parameter);
    private static readonly Variable S = new(3, "s", Real, VariableKind.Local);
    private static readonly Variable T = new(4, "t", Real, VariableKind.Local);
    private static readonly Variable I = new(5, "i", TypeRef.Int32, VariableKind.Local);
    private static readonly Variable N = new(6, "n", TypeRef.Int32, VariableKind.Parameter);
    private static readonly Variable K = new(7, "k", TypeRef.Int32, VariableKind.Local);

    private static Expr V(Variable v) => new VarRef(v);

    private static Expr C(double value) => RealConst.Of(value, ScalarKind.Double);

    private static Expr Int(int value) => new IntConst(value, ScalarKind.Int32);

    private static Expr Mul(Expr l, Expr r) => new Binary(BinaryOp.Multiply, l, r, Real);

    private static Expr Add(Expr l, Expr r) => new Binary(BinaryOp.Add, l, r, Real);

    private static Expr Elem(Variable a, Variable i) => new ElementAccess(V(a), V(i));

    private static Loop For(Variable i, Expr bound, params Stmt[] body) => new(LoopForm.For,
        Block.Of(new Declare(i, Int(0))),
        new Binary(BinaryOp.LessThan, V(i), bound, TypeRef.Boolean),
        Block.Of(body),
        Block.Of(new Assign(V(i), new Binary(BinaryOp.Add, V(i), Int(1), TypeRef.Int32))));

    private static Loop While(Expr condition, params Stmt[] body) => new(LoopForm.While, Block.Empty, condition, Block.Of(body), Block.Empty);

    private static Expr Count(Variable a) => new LengthOf(V(a));

    /// <summary>Gives each statement the adjoint-code reads a core builder would: all its primal reads, before it.</summary>
    private static BlockNode Tree(params Stmt[] body)
    {
        BlockNode root = AnalysisTree.Build(Block.Of(body), null);
        foreach (Node node in AnalysisTree.AllNodes(root))
        {
            if (node is not StmtNode s || s.Statement is Declare { Init: IntConst } || s.Target is { Type.IsInteger: true }) continue;
            foreach (Expr e in IrWalker.Expressions(s.Statement))
            {
                foreach (Variable v in IrWalker.Reads(e)) s.ReadsBefore.Add(v.Id);
            }

            s.Core.Add(new Assign(new VarRef(new Variable(100 + s.ReadsBefore.Count, "_d", Real, VariableKind.Generated)), C(0)));
        }

        return root;
    }

    private static Dictionary<int, int> AssignmentCounts(BlockNode root)
    {
        var counts = new Dictionary<int, int>();
        foreach (Node node in AnalysisTree.AllNodes(root))
        {
            if (node is StmtNode { Target: { } t, ElementIndex: null }) counts[t.Id] = counts.GetValueOrDefault(t.Id) + 1;
        }

        return counts;
    }

    private static IEnumerable<T> All<T>(BlockNode root) where T : Node => AnalysisTree.AllNodes(root).OfType<T>();

    private static StmtNode Writing(BlockNode root, Variable v) => All<StmtNode>(root).Single(s => s.Target?.Id == v.Id && s.ElementIndex is null);

    [Fact]
    public void LoopShapesFindCountingLoopsAndNothingElse()
    {
        BlockNode root = Tree(
            new Declare(S, C(0)),
            For(I, Count(A), new Assign(V(S), Add(V(S), Elem(A, I)))),
            new Declare(K, Int(0)),
            While(new Binary(BinaryOp.LessThan, V(K), V(N), TypeRef.Boolean), new Assign(V(K), new Binary(BinaryOp.Add, V(K), Int(1), TypeRef.Int32))),
            // A loop whose body changes its bound is not a counting loop.
            For(I, V(N), new Assign(V(N), new Binary(BinaryOp.Subtract, V(N), Int(1), TypeRef.Int32))));
        LoopShapes shapes = LoopShapes.Analyze(root);
        LoopNode[] loops = All<LoopNode>(root).ToArray();

        CountingLoop counting = Assert.IsType<CountingLoop>(shapes.Counting(loops[0]));
        Assert.Equal(I, counting.Counter);
        Assert.True(counting.Ascending);
        Assert.False(counting.Inclusive);
        Assert.Null(shapes.Counting(loops[1]));
        Assert.Null(shapes.Counting(loops[2]));
        Assert.True(shapes.IsCounterStatement((StmtNode)loops[0].Init.Children[0]));
        Assert.False(shapes.IsCounterStatement((StmtNode)loops[0].Body.Children[0]));
    }

    private static readonly Variable B = new(8, "b", Array, VariableKind.Local);

    [Fact]
    public void ALoopBoundedByTheLengthOfABufferItWritesIsACountingLoop()
    {
        // for (i < b.Length) b[i] = 0: writing b's elements leaves b.Length as it was.
        BlockNode root = Tree(For(I, Count(B), new Assign(Elem(B, I), C(0))));
        Assert.NotNull(LoopShapes.Analyze(root).Counting(All<LoopNode>(root).Single()));
    }

    [Fact]
    public void AnAccumulationIntoABufferSavesNoPartialSumWhenLaterCodeOnlyMeasuresTheBuffer()
    {
        // for (k < n) for (i < a.Length) b[k] += a[i] * w;  then  for (i < b.Length) s += Exp(x) * w;
        // b[k] += ... needs no old value in its reverse sweep, and a loop bound b.Length reads no element of b:
        // no partial sum goes on the tape (a softmax's logits once took d pushes each).
        var accumulate = new Assign(Elem(B, K), Add(Elem(B, K), Mul(Elem(A, I), V(W))));
        BlockNode root = Tree(
            new Declare(S, C(0)),
            For(K, V(N), For(I, Count(A), accumulate)),
            For(I, Count(B), new Assign(V(S), Add(V(S), Mul(new Call(Intrinsic.Exp, EquatableArray.Create(V(X)), Real), V(W))))));
        StmtNode accumulation = All<StmtNode>(root).Single(n => ReferenceEquals(n.Statement, accumulate));
        accumulation.ReadsBefore.Remove(B.Id); // the adjoint of b[k] += t reads t's inputs, never b
        LoopShapes shapes = LoopShapes.Analyze(root);
        Recomputation recomputation = Recomputation.Analyze(root, shapes, AssignmentCounts(root), forwardAlwaysRuns: true);
        Recording recording = ToBeRecorded.Analyze(root, shapes, recomputation);

        Assert.False(recording.Saves(accumulation));
        Assert.False(recomputation.IsNeeded(B.Id));
    }

    [Fact]
    public void ALoopLocalOfInvariantInputsIsRecomputedAndAnAccumulatorIsNot()
    {
        // s = 0; for (i < a.Length) { t = a[i] * w; s += t * t; }
        BlockNode root = Tree(
            new Declare(S, C(0)),
            For(I, Count(A), new Declare(T, Mul(Elem(A, I), V(W))), new Assign(V(S), Add(V(S), Mul(V(T), V(T))))));
        LoopShapes shapes = LoopShapes.Analyze(root);
        Recomputation gradient = Recomputation.Analyze(root, shapes, AssignmentCounts(root), forwardAlwaysRuns: false);

        Assert.True(gradient.IsRecomputable(Writing(root, T)));
        Assert.False(gradient.IsRecomputable(All<StmtNode>(root).Last(s => s.Target?.Id == S.Id)));
        Assert.True(gradient.IsNeeded(W.Id));
        Assert.True(gradient.IsNeeded(A.Id));
    }

    [Fact]
    public void AnExpensiveLocalIsKeptWhenTheLoopRunsForwardAnyway()
    {
        // t = Exp(a[i] * w) costs a transcendental call: the pullback (whose forward loop runs anyway) keeps it.
        var exp = new Call(Intrinsic.Exp, EquatableArray.Create(Mul(Elem(A, I), V(W))), Real);
        BlockNode root = Tree(
            new Declare(S, C(0)),
            For(I, Count(A), new Declare(T, exp), new Assign(V(S), Add(V(S), V(T)))));
        LoopShapes shapes = LoopShapes.Analyze(root);
        Assert.False(Recomputation.Analyze(root, shapes, AssignmentCounts(root), forwardAlwaysRuns: true).IsRecomputable(Writing(root, T)));
    }

    [Fact]
    public void ToBeRecordedSavesAnOverwrittenValueTheReverseSweepReadsAndNothingElse()
    {
        // t = x * w; x = t * t; s = x * x   (x's old value is read by the derivative of t = x * w: saved)
        BlockNode root = Tree(
            new Declare(T, Mul(V(X), V(W))),
            new Assign(V(X), Mul(V(T), V(T))),
            new Declare(S, Mul(V(X), V(X))),
            new Return(V(S)));
        LoopShapes shapes = LoopShapes.Analyze(root);
        Recomputation recomputation = Recomputation.Analyze(root, shapes, AssignmentCounts(root), forwardAlwaysRuns: false);
        Recording recording = ToBeRecorded.Analyze(root, shapes, recomputation);

        Assert.True(recording.Saves(Writing(root, X)));
        Assert.False(recording.Saves(Writing(root, T)));
        Assert.False(recording.Saves(Writing(root, S)));
        Assert.True(recording.HasReverse(root));

        // The result is a value: dropping a save gives a new recording and leaves this one as it was.
        Recording without = recording.Without(new[] { Writing(root, X) });
        Assert.False(without.Saves(Writing(root, X)));
        Assert.True(recording.Saves(Writing(root, X)));
    }

    [Fact]
    public void AReductionLoopIsFusedAndALoopWhoseResultTheTailReadsIsNot()
    {
        // s = 0; for (i) s += a[i] * w; return s;   — the tail reads s, which the loop computes: not fusable.
        // t = 0; for (i) t += a[i] * w; return x;   — a reduction whose result the tail does not read: fusable.
        Stmt[] reduction(Variable acc, Expr result) => new Stmt[]
        {
            new Declare(acc, C(0)),
            For(I, Count(A), new Assign(V(acc), Add(V(acc), Mul(Elem(A, I), V(W))))),
            new Return(result),
        };
        foreach ((Stmt[] body, bool fusable) in new[] { (reduction(S, V(S)), false), (reduction(T, V(X)), true) })
        {
            BlockNode root = Tree(body);
            LoopShapes shapes = LoopShapes.Analyze(root);
            Recomputation recomputation = Recomputation.Analyze(root, shapes, AssignmentCounts(root), forwardAlwaysRuns: false);
            Recording recording = ToBeRecorded.Analyze(root, shapes, recomputation);
            var result = new Variable(50, "_result", Real, VariableKind.Synthetic);
            FusedLoop? fused = Fusion.Find(root, shapes, recomputation, recording, result, new Dictionary<int, Variable>());
            Assert.Equal(fusable, fused is not null);
            if (fused is not null) Assert.Same(root.Children[1], fused.Loop);
        }
    }
}
