// JfrLoad.java - a small Java program for recording JFR files
// (bench/jfr_vs_jfr_print.sh and the fuzz seed): THREADS threads run for
// SECONDS seconds through a few dozen methods at varying depth, sorting,
// hashing, building strings and allocating arrays, so a recording has
// many distinct stack traces, execution samples and allocation samples.
//
//   java -XX:StartFlightRecording=filename=out.jfr,settings=FILE.jfc JfrLoad.java SECONDS THREADS
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

public class JfrLoad {
  static volatile long sink;

  static long leafSort(Random r, int n) {
    int[] a = new int[n];
    for (int i = 0; i < n; i++) a[i] = r.nextInt();
    java.util.Arrays.sort(a);
    return a[n / 2];
  }

  static long leafHash(Random r, int n) {
    Map<Integer, String> m = new HashMap<>();
    for (int i = 0; i < n; i++) m.put(r.nextInt(n), Integer.toString(i));
    return m.size();
  }

  static long leafString(Random r, int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) sb.append(r.nextInt(100)).append(',');
    return sb.toString().split(",").length;
  }

  static long leafAlloc(Random r, int n) {
    List<byte[]> l = new ArrayList<>();
    for (int i = 0; i < n / 8; i++) l.add(new byte[64 + r.nextInt(4096)]);
    return l.size();
  }

  static long work(Random r, int depth, int kind) {
    if (depth > 0) {
      switch ((kind + depth) % 4) {
        case 0: return levelA(r, depth - 1, kind);
        case 1: return levelB(r, depth - 1, kind);
        case 2: return levelC(r, depth - 1, kind);
        default: return levelD(r, depth - 1, kind);
      }
    }
    switch (kind % 4) {
      case 0: return leafSort(r, 2000);
      case 1: return leafHash(r, 2000);
      case 2: return leafString(r, 2000);
      default: return leafAlloc(r, 2000);
    }
  }

  static long levelA(Random r, int d, int k) { return work(r, d, k) + 1; }
  static long levelB(Random r, int d, int k) { return work(r, d, k) + 2; }
  static long levelC(Random r, int d, int k) { return work(r, d, k) + 3; }
  static long levelD(Random r, int d, int k) { return work(r, d, k) + 4; }

  public static void main(String[] args) throws Exception {
    long seconds = args.length > 0 ? Long.parseLong(args[0]) : 5;
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    List<Thread> all = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      final int id = t;
      Thread th = new Thread(() -> {
        Random r = new Random(id);
        while (System.nanoTime() < end) sink += work(r, 3 + r.nextInt(12), r.nextInt(4));
      }, "worker-" + t);
      th.start();
      all.add(th);
    }
    for (Thread th : all) th.join();
  }
}
