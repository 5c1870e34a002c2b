console.log("aedetect")
