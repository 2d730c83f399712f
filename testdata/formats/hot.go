// hot.go - a small Go program writing real pprof profiles for the tests
// (run by generate.sh): cpu.pb.gz, where hotSpin is the widest leaf, and
// heap.pb.gz (the "allocs" profile), where allocHeavy allocates the most.
package main

import (
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"time"
)

var sink [][]byte

//go:noinline
func hotSpin(n int) uint64 {
	var x uint64 = 1
	for i := 0; i < n; i++ {
		x = x*6364136223846793005 + 1442695040888963407
	}
	return x
}

//go:noinline
func allocHeavy(n int) {
	for i := 0; i < n; i++ {
		sink = append(sink, make([]byte, 4096))
		if len(sink) > 256 {
			sink = sink[:0]
		}
	}
}

//go:noinline
func coldWork() uint64 { return hotSpin(1000) }

func main() {
	dir := os.Args[1]
	runtime.MemProfileRate = 4096
	cpu, err := os.Create(dir + "/go-cpu.pb.gz")
	if err != nil {
		panic(err)
	}
	pprof.StartCPUProfile(cpu)
	var total uint64
	end := time.Now().Add(600 * time.Millisecond)
	for time.Now().Before(end) {
		total += hotSpin(2000000) + coldWork()
	}
	pprof.StopCPUProfile()
	cpu.Close()
	allocHeavy(20000)
	heap, err := os.Create(dir + "/go-heap.pb.gz")
	if err != nil {
		panic(err)
	}
	pprof.Lookup("allocs").WriteTo(heap, 0)
	heap.Close()
	fmt.Println(total != 0)
}
