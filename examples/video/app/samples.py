"""Inputs the video example's tests and `make demo` use."""
VIDEO = {"videoId": "v-42", "videoUrl": "oss://video-in/v-42.mov", "coverUrl": "https://example.com/v-42.jpg",
         "durationSeconds": 150}
