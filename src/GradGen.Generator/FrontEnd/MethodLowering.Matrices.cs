using System.Collections.Generic;
using GradGen.Generator.Diagnostics;
using GradGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace GradGen.Generator.FrontEnd
{
    /// <summary>
    /// Two-dimensional arrays. A <c>double[,]</c> parameter (weights or data) is read as <c>m[i, j]</c>, an element access
    /// of an element access in the IR, as a jagged array is; <c>m.GetLength(d)</c> is a pure call. A local
    /// <c>var s = new double[r, c];</c> is a one-dimensional buffer of <c>r * c</c> elements in the IR, read and written at
    /// <c>i * c + j</c> with <c>c</c> read once where it is created: the reverse sweep then treats it as any other buffer.
    /// </summary>
    internal sealed partial class MethodLowering
    {
        /// <summary>A local two-dimensional array held as a flat buffer: the buffer, its row count and its column count.</summary>
        private sealed class FlatMatrix
        {
            public FlatMatrix(Variable buffer, Expr rows, Expr columns)
            {
                Buffer = buffer;
                Rows = rows;
                Columns = columns;
            }

            public Variable Buffer { get; }

            public Expr Rows { get; }

            public Expr Columns { get; }
        }

        private readonly Dictionary<ILocalSymbol, FlatMatrix> _flatMatrices = new(SymbolEqualityComparer.Default);

        /// <summary><c>m[i, j]</c>: of a parameter, <c>m[i][j]</c> in the IR (printed back as <c>m[i, j]</c>); of a local
        /// matrix, its buffer at <c>i * columns + j</c>.</summary>
        private Expr? LowerMatrixElement(IArrayElementReferenceOperation element)
        {
            if (element.ArrayReference is ILocalReferenceOperation local && _flatMatrices.TryGetValue(local.Local, out FlatMatrix? flat))
            {
                return FlatIndex(flat, element) is { } index ? new ElementAccess(new VarRef(flat.Buffer), index) : null;
            }

            Expr? matrix = LowerExpression(element.ArrayReference);
            Expr? row = LowerExpression(element.Indices[0]);
            Expr? column = LowerExpression(element.Indices[1]);
            if (matrix is null || row is null || column is null) return null;
            if (matrix.Type.Shape != Shape.Matrix)
            {
                return Unsupported(element, "two-dimensional arrays of '" + (element.ArrayReference.Type?.ToDisplayString() ?? "this type")
                    + "' are not supported; use arrays of double, float, int, long or bool");
            }

            if (matrix is not VarRef and not MemberRead)
            {
                return Unsupported(element, "GradGen reads two-dimensional arrays that are parameters, locals or fields");
            }

            return new ElementAccess(new ElementAccess(matrix, row), column);
        }

        /// <summary><c>m[i, j] = v</c>: an element of a local matrix; the caller's matrices are not written.</summary>
        private Expr? LowerMatrixTarget(IArrayElementReferenceOperation element, IOperation target)
        {
            if (element.ArrayReference is ILocalReferenceOperation local && _flatMatrices.TryGetValue(local.Local, out FlatMatrix? flat))
            {
                return FlatIndex(flat, element) is { } index ? new ElementAccess(new VarRef(flat.Buffer), index) : null;
            }

            string? owner = element.ArrayReference switch
            {
                IParameterReferenceOperation parameter => parameter.Parameter.Name,
                ILocalReferenceOperation alias when _gridAliases.Contains(alias.Local) => alias.Local.Name,
                _ => null,
            };
            if (owner is not null)
            {
                Report(DiagnosticDescriptors.WriteOutsideMethod, target.Syntax.GetLocation(), "an element of '" + owner + "', which belongs to the caller",
                    "Copy it into a local buffer (new double[rows, columns]) and change that.");
                return null;
            }

            Report(DiagnosticDescriptors.UnsupportedExpression, target.Syntax.GetLocation(), target.Syntax.ToString(), "GradGen can assign elements of two-dimensional arrays created in the method (new double[rows, columns])");
            return null;
        }

        private Expr? FlatIndex(FlatMatrix flat, IArrayElementReferenceOperation element)
        {
            Expr? row = LowerExpression(element.Indices[0]);
            Expr? column = LowerExpression(element.Indices[1]);
            if (row is null || column is null) return null;

            // The flat buffer checks i * columns + j against rows * columns only: a column past the end reads the next
            // row where the two-dimensional array would throw (README, "Numbers at the edges").
            return new Binary(BinaryOp.Add, new Binary(BinaryOp.Multiply, row, flat.Columns, TypeRef.Int32), column, TypeRef.Int32);
        }

        /// <summary>Locals that name a jagged or two-dimensional parameter (<c>var w = weights;</c>).</summary>
        private readonly HashSet<ILocalSymbol> _gridAliases = new(SymbolEqualityComparer.Default);

        /// <summary>
        /// A local jagged or two-dimensional array of reals: another name for a parameter (each read reads the parameter),
        /// or, for <c>T[,]</c>, a buffer <c>new T[r, c]</c> created at the top level. A jagged local that would hold
        /// differentiable values is an error: its derivative would have no place to go. False when the local is not
        /// such an array or is data the existing rules lower.
        /// </summary>
        private bool LowerLocalGrid(IVariableDeclaratorOperation declarator, IOperation? initializer, List<Stmt> output)
        {
            ILocalSymbol local = declarator.Symbol;
            if (SymbolFacts.Classify(local.Type) is not { IsRealGrid: true } type) return false;

            IOperation? creation = initializer;
            while (creation is IConversionOperation { IsImplicit: true } conversion) creation = conversion.Operand;
            if (creation is IParameterReferenceOperation || (creation is ILocalReferenceOperation other && _gridAliases.Contains(other.Local)))
            {
                if (LowerExpression(creation) is { } named)
                {
                    _rowAliases[local] = named;
                    _gridAliases.Add(local);
                }
                else
                {
                    _rejectedLocals.Add(local);
                }

                return true;
            }

            if (type.Shape == Shape.Matrix) return LowerLocalMatrix(declarator, local, type, creation, output);

            foreach (IOperation part in initializer?.DescendantsAndSelf() ?? System.Linq.Enumerable.Empty<IOperation>())
            {
                if (part is IParameterReferenceOperation { Parameter: var p } && SymbolFacts.IsDifferentiableParameter(p))
                {
                    _rejectedLocals.Add(local);
                    Report(DiagnosticDescriptors.UnsupportedLocalArray, declarator.Syntax.GetLocation(), local.Name,
                        "a jagged local computed from differentiable values has no place for its derivative; name the parameter directly, or hold the values in a double[] or a local double[,]");
                    return true;
                }
            }

            return false;
        }

        /// <summary><c>var s = new double[r, c];</c> at the top level of the method body: a buffer of <c>r * c</c> elements.</summary>
        private bool LowerLocalMatrix(IVariableDeclaratorOperation declarator, ILocalSymbol local, TypeRef type, IOperation? creation, List<Stmt> output)
        {
            _rejectedLocals.Add(local);
            if (creation is not IArrayCreationOperation { DimensionSizes.Length: 2, Initializer: null } array)
            {
                Report(DiagnosticDescriptors.UnsupportedLocalArray, declarator.Syntax.GetLocation(), local.Name,
                    "create a two-dimensional array with new T[rows, columns]; copies and aliases of other arrays are not supported");
                return true;
            }

            if (_loopDepth > 0 || _blockDepth > 0)
            {
                Report(DiagnosticDescriptors.UnsupportedLocalArray, declarator.Syntax.GetLocation(), local.Name,
                    "a two-dimensional array must be created at the top level of the method body; create it there and reuse it");
                return true;
            }

            Expr? rows = LowerExpression(array.DimensionSizes[0]);
            Expr? columns = LowerExpression(array.DimensionSizes[1]);
            if (rows is null || columns is null) return true;
            if (rows is IntConst { Value: var r } && columns is IntConst { Value: var c } && (r < 0 || c < 0 || r * c > int.MaxValue))
            {
                Report(DiagnosticDescriptors.UnsupportedLocalArray, declarator.Syntax.GetLocation(), local.Name,
                    "GradGen holds a local two-dimensional array as one buffer of rows * columns elements, and this one would hold more than int.MaxValue (or a negative number)");
                return true;
            }

            if (rows is not IntConst) rows = ReadOnce(rows, "_" + local.Name + "Rows", output);
            if (columns is not IntConst) columns = ReadOnce(columns, "_" + local.Name + "Columns", output);

            var buffer = new Variable(_nextId++, local.Name, type.WithShape(Shape.Array), VariableKind.Local);
            Expr length = rows is IntConst constantRows && columns is IntConst constantColumns
                ? new IntConst(constantRows.Value * constantColumns.Value, ScalarKind.Int32)
                : new Binary(BinaryOp.Multiply, rows, columns, TypeRef.Int32);
            output.Add(new Declare(buffer, new NewArray(buffer.Type, length, IsStackalloc: false)));
            _flatMatrices[local] = new FlatMatrix(buffer, rows, columns);
            _rejectedLocals.Remove(local);
            return true;
        }

        /// <summary><c>m.GetLength(d)</c> of a two-dimensional or jagged array; null when the call is something else.</summary>
        private Expr? LowerGridCall(IInvocationOperation invocation)
        {
            if (invocation.TargetMethod is not { Name: "GetLength", IsStatic: false, ContainingType.SpecialType: SpecialType.System_Array }
                || invocation.Instance is not { } instance || invocation.Arguments.Length != 1)
            {
                return null;
            }

            while (instance is IConversionOperation { IsImplicit: true } conversion) instance = conversion.Operand;
            Expr? dimension = LowerExpression(invocation.Arguments[0].Value);
            if (dimension is null) return null;

            if (instance is ILocalReferenceOperation local && _flatMatrices.TryGetValue(local.Local, out FlatMatrix? flat))
            {
                return dimension switch
                {
                    IntConst { Value: 0 } => flat.Rows,
                    IntConst { Value: 1 } => flat.Columns,
                    _ => Unsupported(invocation, "GetLength of a local two-dimensional array takes the constant 0 or 1"),
                };
            }

            if (SymbolFacts.Classify(instance.Type) is not { } type || !(type.IsGrid || type.IsSequence)) return null;
            Expr? receiver = LowerExpression(instance);
            if (receiver is null) return null;
            return new OpaqueCall(receiver, null, "GetLength", Helpers.EquatableArray<TypeName>.Empty, new Helpers.EquatableArray<Expr>(new[] { dimension }), TypeRef.Int32, IsPure: true);
        }
    }
}
